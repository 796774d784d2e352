#!/usr/bin/env python3
"""Renders the assistant tool-call turn of each real chat template in ../shared/templates and writes
RenderedToolCalls.cs: the text each template itself produces for a past assistant turn with tool calls,
which is what the model was trained to generate. The parser tests use these strings as model output.

The Jinja environment is set up the way Hugging Face transformers sets up chat templates: trim_blocks,
lstrip_blocks, the loopcontrols extension, a tojson filter that is json.dumps(ensure_ascii=False) without
key sorting or HTML escaping, raise_exception and strftime_now. Each turn is cut out of the full rendering
by removing the rendering of the conversation without that turn (a common prefix) and then the turn's role
header and end-of-turn token, named per template below.

Run from this folder: python3 render_tool_calls.py ../../../../../../shared/templates > RenderedToolCalls.cs
"""
import json
import sys
from datetime import datetime

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

TEMPLATES = sys.argv[1] if len(sys.argv) > 1 else "../../../../../../shared/templates"


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def strftime_now(fmt):
    return datetime(2025, 1, 15).strftime(fmt)


env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
env.globals["strftime_now"] = strftime_now

WEATHER = {"city": "São Paulo", "unit": "celsius"}
TIME = {"timezone": "America/Sao_Paulo", "format": {"hours": 24, "seconds": False}}
TOOLS = [
    {"type": "function", "function": {"name": "get_weather", "description": "Current weather in a city.",
     "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "City"},
                                                     "unit": {"type": "string", "description": "Unit"}},
                    "required": ["city"]}}},
    {"type": "function", "function": {"name": "get_time", "description": "Current time in a zone.",
     "parameters": {"type": "object", "properties": {"timezone": {"type": "string", "description": "Zone"},
                                                     "format": {"type": "object", "description": "Format"}},
                    "required": ["timezone"]}}},
]
USER = {"role": "user", "content": "What is the weather and the time in São Paulo?"}


def call(name, args, call_id, as_string=False):
    return {"id": call_id, "type": "function",
            "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=False) if as_string else args}}


TWO_CALLS = [call("get_weather", WEATHER, "wthr12345"), call("get_time", TIME, "time12345")]
ONE_CALL = [call("get_weather", WEATHER, "wthr12345")]


def render(file, messages, **kwargs):
    with open(f"{TEMPLATES}/{file}", encoding="utf-8") as f:
        template = env.from_string(f.read())
    return template.render(messages=messages, tools=TOOLS, bos_token="<s>", eos_token="</s>",
                           add_generation_prompt=False, **kwargs)


def turn(file, assistant, header, end, **kwargs):
    before = render(file, [USER], **kwargs)
    full = render(file, [USER, assistant], **kwargs)
    common = 0
    while common < min(len(before), len(full)) and before[common] == full[common]:
        common += 1
    # The header may end exactly where the two renderings part (Mistral's "[/INST]" belongs to the user turn).
    start = full.index(header, max(0, common - len(header)))
    text = full[start + len(header):]
    return text if end is None else text[:text.rindex(end)]


CASES = [
    # name, file, assistant message, role header (the generation prompt), end-of-turn token or None, extra variables
    ("Qwen25TwoCalls", "Qwen-Qwen2.5-7B-Instruct.jinja",
     {"role": "assistant", "content": "", "tool_calls": TWO_CALLS}, "<|im_start|>assistant\n", "<|im_end|>", {}),
    ("Qwen25StringArguments", "Qwen-Qwen2.5-7B-Instruct.jinja",
     {"role": "assistant", "content": "", "tool_calls": [call("get_weather", WEATHER, "wthr12345", True)]},
     "<|im_start|>assistant\n", "<|im_end|>", {}),
    ("Qwen3ThinkingTextAndTwoCalls", "Qwen-Qwen3-0.6B.jinja",
     {"role": "assistant", "content": "I will look both up.", "reasoning_content": "The user wants weather and time.",
      "tool_calls": TWO_CALLS}, "<|im_start|>assistant\n", "<|im_end|>", {}),
    ("Qwen3StringArguments", "Qwen-Qwen3-0.6B.jinja",
     {"role": "assistant", "content": "", "tool_calls": [call("get_weather", WEATHER, "wthr12345", True)]},
     "<|im_start|>assistant\n", "<|im_end|>", {}),
    ("Hermes3TwoCalls", "NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja",
     {"role": "assistant", "content": "", "tool_calls": TWO_CALLS}, "<|im_start|>assistant\n", "<|im_end|>", {}),
    ("Llama31OneCall", "meta-llama-Llama-3.1-8B-Instruct.jinja",
     {"role": "assistant", "content": "", "tool_calls": ONE_CALL},
     "<|start_header_id|>assistant<|end_header_id|>\n\n", "<|eot_id|>", {}),
    ("Llama31BuiltinToolCall", "meta-llama-Llama-3.1-8B-Instruct.jinja",
     {"role": "assistant", "content": "", "tool_calls": [
         {"id": "srch12345", "type": "function",
          "function": {"name": "brave_search", "arguments": {"query": "weather São Paulo"}}}]},
     "<|start_header_id|>assistant<|end_header_id|>\n\n", "<|eom_id|>", {"builtin_tools": ["brave_search", "wolfram_alpha"]}),
    ("Llama32OneCall", "meta-llama-Llama-3.2-3B-Instruct.jinja",
     {"role": "assistant", "content": "", "tool_calls": ONE_CALL},
     "<|start_header_id|>assistant<|end_header_id|>\n\n", "<|eot_id|>", {}),
    ("MistralNemoTwoCalls", "mistralai-Mistral-Nemo-Instruct-2407.jinja",
     {"role": "assistant", "content": None, "tool_calls": TWO_CALLS}, "[/INST]", "</s>", {}),
    ("MistralNemoStringArguments", "mistralai-Mistral-Nemo-Instruct-2407.jinja",
     {"role": "assistant", "content": None, "tool_calls": [call("get_weather", WEATHER, "wthr12345", True)]},
     "[/INST]", "</s>", {}),
    ("Phi4MiniLlamaCppTwoCalls", "llama-cpp-microsoft-Phi-4-mini-instruct.jinja",
     {"role": "assistant", "content": "", "tool_calls": TWO_CALLS}, "<|assistant|>", "<|end|>", {}),
    ("DeepSeekR1OneCall", "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja",
     {"role": "assistant", "content": None, "tool_calls": [call("get_weather", WEATHER, "wthr12345", True)]},
     "<｜Assistant｜>", None, {}),  # with one call, the template writes no end marker at all
    ("DeepSeekR1TwoCalls", "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja",
     {"role": "assistant", "content": None, "tool_calls": [call("get_weather", WEATHER, "wthr12345", True),
                                                            call("get_time", TIME, "time12345", True)]},
     "<｜Assistant｜>", "<｜end▁of▁sentence｜>", {}),
    # With three calls the template writes <｜tool▁calls▁end｜><｜end▁of▁sentence｜> after the second and the third.
    ("DeepSeekR1ThreeCalls", "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja",
     {"role": "assistant", "content": None, "tool_calls": [call("get_weather", WEATHER, "wthr12345", True),
                                                            call("get_time", TIME, "time12345", True),
                                                            call("get_weather", {"city": "Oslo"}, "wthr67890", True)]},
     "<｜Assistant｜>", "<｜end▁of▁sentence｜>", {}),
]


def csharp(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


print("// <auto-generated>")
print("// Produced by TestData/render_tool_calls.py (Python Jinja2 " + jinja2.__version__ + ", set up like transformers) from")
print("// the real templates in ../shared/templates: each string is the assistant turn that the template itself")
print("// renders for a past message with tool calls, without its role header and end-of-turn token. Do not edit by hand;")
print("// rerun the script instead.")
print("// </auto-generated>")
print("namespace Benny.Runtime.Tests.Templates.ToolCalling.TestData;")
print()
print("internal static class RenderedToolCalls")
print("{")
entries = []
for name, file, assistant, header, end, extra in CASES:
    text = turn(file, assistant, header, end, **extra)
    calls = json.dumps([c["function"]["name"] for c in assistant["tool_calls"]])
    entries.append(f"    /// <summary>{file}: {calls}.</summary>\n    public const string {name} = {csharp(text)};\n")
print("\n".join(entries) + "}")
