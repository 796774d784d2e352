"""Reference renderer for the chat-template tests: Python's Jinja2 set up as transformers sets it up.

Reads {"now": ISO-8601 local time, "cases": [{"id", "template" or "template_path", "variables"}]} as JSON on
stdin and writes [{"id", "ok", "output"} or {"id", "ok": false, "error", "type", "message"}] as JSON on stdout.
error is "raise" (raise_exception), "undefined" (UndefinedError), "syntax" (TemplateSyntaxError) or "other".

transformers (src/transformers/utils/chat_template_utils.py, _compile_jinja_template) builds
ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[AssistantTracker, loopcontrols]),
replaces the tojson filter with json.dumps(x, ensure_ascii=False, indent=indent, separators=separators,
sort_keys=sort_keys), and adds the globals raise_exception (raises TemplateError) and strftime_now
(datetime.now().strftime(format)). AssistantTracker (the {% generation %} tag) is left out: the engine under test
does not support it.
"""
import datetime
import json
import sys

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment


def main():
    request = json.load(sys.stdin)
    now = datetime.datetime.fromisoformat(request.get("now", "2024-07-26T10:30:00"))

    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(format):
        return now.strftime(format)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now

    compiled = {}
    results = []
    for case in request["cases"]:
        result = {"id": case["id"]}
        try:
            if "template_path" in case:
                key = ("path", case["template_path"])
                if key not in compiled:
                    with open(case["template_path"], encoding="utf-8", newline="") as f:
                        compiled[key] = f.read()
                source = compiled[key]
            else:
                source = case["template"]
            template = env.from_string(source)
            result["output"] = template.render(**case.get("variables", {}))
            result["ok"] = True
        except jinja2.exceptions.UndefinedError as e:
            result.update(ok=False, error="undefined", type=type(e).__name__, message=str(e))
        except jinja2.exceptions.TemplateSyntaxError as e:
            result.update(ok=False, error="syntax", type=type(e).__name__, message=str(e))
        except jinja2.exceptions.TemplateError as e:
            kind = "raise" if type(e) is jinja2.exceptions.TemplateError else "other"
            result.update(ok=False, error=kind, type=type(e).__name__, message=str(e))
        except Exception as e:  # noqa: BLE001 - any Python failure is an expected outcome to compare
            result.update(ok=False, error="other", type=type(e).__name__, message=str(e))
        results.append(result)

    json.dump({"jinja2": jinja2.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
