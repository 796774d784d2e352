namespace Benny.Runtime.Tests.Templates;

/// <summary>
/// Each engine feature on small inline templates, rendered here and with Python's Jinja2 (one oracle process for all
/// cases) and compared byte for byte, failures included.
/// </summary>
[TestFixture]
public sealed class ChatTemplateFeatureTests
{
    private const string Msgs = """{"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "U1"}, {"role": "assistant", "content": "A1"}, {"role": "user", "content": "U2"}]}""";

    /// <summary>(name, template, variables as JSON).</summary>
    private static readonly (string Name, string Template, string Variables)[] Features =
    [
        // literals and output
        ("int_literal", """{{ 42 }}|{{ -7 }}|{{ 0x1F }}|{{ 0o17 }}|{{ 0b101 }}|{{ 1_000 }}""", "{}"),
        ("float_literal", """{{ 1.5 }}|{{ 2.0 }}|{{ 1e3 }}|{{ 1.5e-7 }}|{{ 0.1 + 0.2 }}|{{ 1e16 }}|{{ 123456789012345678.0 }}""", "{}"),
        ("string_escapes", """{{ 'a\'b' }}|{{ "q\"q" }}|{{ 'tab\there' }}|{{ 'nl\nx' }}|{{ '\x41\u00e9\U0001F600' }}|{{ 'back\\slash' }}|{{ 'unknown\d' }}""", "{}"),
        ("string_adjacent", """{{ 'a' 'b' "c" }}""", "{}"),
        ("bool_none_literals", """{{ true }}|{{ True }}|{{ false }}|{{ False }}|{{ none }}|{{ None }}""", "{}"),
        ("list_literal", """{{ [1, 'two', 3.0, none, true, [4]] }}""", "{}"),
        ("tuple_literal", """{{ (1,) }}|{{ (1, 2) }}|{{ () }}|{{ 1, 2 }}""", "{}"),
        ("dict_literal", """{{ {'a': 1, "b": [2], 3: 'x', none: 0} }}""", "{}"),
        ("repr_quotes", """{{ ["it's", 'say "hi"', 'both \' and "', 'new\nline', 'é✓🌍'] }}""", "{}"),
        ("print_values", """{{ v }}|{{ n }}|{{ f }}|{{ b }}|{{ l }}|{{ d }}""", """{"v": "s", "n": 5, "f": 2.5, "b": false, "l": [1, "x"], "d": {"k": null}}"""),
        ("print_undefined", """[{{ nothing }}]""", "{}"),

        // arithmetic
        ("arith_int", """{{ 7 + 3 }}|{{ 7 - 10 }}|{{ 7 * 3 }}|{{ 7 / 2 }}|{{ 8 / 2 }}|{{ 7 // 2 }}|{{ -7 // 2 }}|{{ 7 % 3 }}|{{ -7 % 3 }}|{{ 7 % -3 }}|{{ 2 ** 10 }}|{{ 2 ** -1 }}""", "{}"),
        ("arith_float", """{{ 7.5 + 1 }}|{{ 1 - 0.5 }}|{{ 2.5 * 2 }}|{{ 7.0 // 2 }}|{{ -7.5 % 2 }}|{{ 2.0 ** 3 }}""", "{}"),
        ("arith_bool", """{{ true + 1 }}|{{ false * 3 }}|{{ true + true }}""", "{}"),
        ("arith_precedence", """{{ 1 + 2 * 3 }}|{{ (1 + 2) * 3 }}|{{ 2 ** 3 ** 2 }}|{{ -2 ** 2 }}|{{ 10 - 4 - 3 }}|{{ 100 / 10 / 5 }}""", "{}"),
        ("arith_strings", """{{ 'ab' + 'cd' }}|{{ 'ab' * 3 }}|{{ 3 * 'x' }}|{{ [1] + [2, 3] }}|{{ [0] * 3 }}""", "{}"),
        ("arith_str_plus_int_fails", """{{ 'a' + 1 }}""", "{}"),
        ("arith_none_plus_str_fails", """{{ x + 'a' }}""", """{"x": null}"""),
        ("arith_undefined_plus_fails", """{{ nothing + 'a' }}""", "{}"),
        ("arith_str_plus_undefined_fails", """{{ 'a' + nothing }}""", "{}"),
        ("arith_div_zero_fails", """{{ 1 / 0 }}""", "{}"),
        ("arith_mod_zero_fails", """{{ 1 % 0 }}""", "{}"),
        ("unary", """{{ -x }}|{{ +x }}|{{ -(-3) }}|{{ - 2.5 }}""", """{"x": 4}"""),
        ("concat_tilde", """{{ 'a' ~ 1 ~ none ~ true ~ nothing ~ [1] ~ 2.50 }}""", "{}"),

        // comparison and logic
        ("compare", """{{ 1 < 2 }}|{{ 2 <= 2 }}|{{ 3 > 4 }}|{{ 'a' < 'b' }}|{{ 'B' < 'a' }}|{{ 1 == 1.0 }}|{{ 1 == true }}|{{ '1' == 1 }}|{{ [1, 2] == [1, 2] }}|{{ [1] < [1, 0] }}|{{ 1 != 2 }}""", "{}"),
        ("compare_chain", """{{ 1 < 2 < 3 }}|{{ 1 < 3 < 2 }}|{{ 1 == 1 == 1 }}""", "{}"),
        ("compare_dicts", """{{ {'a': 1, 'b': 2} == {'b': 2, 'a': 1} }}|{{ {'a': 1} == {'a': 2} }}""", "{}"),
        ("compare_mixed_fails", """{{ 1 < 'a' }}""", "{}"),
        ("compare_undefined_eq", """{{ nothing == none }}|{{ nothing == nothing2 }}|{{ nothing != 1 }}""", "{}"),
        ("compare_undefined_lt_fails", """{{ nothing < 1 }}""", "{}"),
        ("logic_values", """{{ 0 or 'b' }}|{{ 'a' or 'b' }}|{{ 0 and 'b' }}|{{ 1 and 'b' }}|{{ not 0 }}|{{ not 'x' }}|{{ none or [] }}""", "{}"),
        ("logic_precedence", """{{ not true or true }}|{{ not (true or true) }}|{{ true or false and false }}|{{ not 1 == 2 }}""", "{}"),
        ("in_operator", """{{ 'b' in 'abc' }}|{{ 2 in [1, 2] }}|{{ 'k' in {'k': 1} }}|{{ 'z' not in 'abc' }}|{{ 'x' in nothing }}|{{ 1.0 in [1] }}""", "{}"),
        ("in_none_fails", """{{ 'a' in x }}""", """{"x": null}"""),
        ("in_string_int_fails", """{{ 1 in 'abc' }}""", "{}"),
        ("truthiness", """{% for v in [0, 1, '', 'x', [], [0], {}, none, 0.0, false] %}{{ 'T' if v else 'F' }}{% endfor %}""", "{}"),
        ("cond_expr", """{{ 'y' if true else 'n' }}|{{ 'y' if false else 'n' }}|[{{ 'y' if false }}]|{{ 1 if 0 else 2 if 0 else 3 }}""", "{}"),
        ("cond_expr_undefined_use_fails", """{{ ('y' if false) + 'x' }}""", "{}"),

        // access
        ("attr_item_dict", """{{ d.a }}|{{ d['a'] }}|{{ d.b.c }}|{{ d['b']['c'] }}|[{{ d.missing }}]|[{{ d['missing'] }}]""", """{"d": {"a": 1, "b": {"c": "deep"}}}"""),
        ("attr_of_undefined_fails", """{{ d.missing.x }}""", """{"d": {}}"""),
        ("attr_of_undefined_var_fails", """{{ nothing.x }}""", "{}"),
        ("item_of_undefined_fails", """{{ nothing['x'] }}""", "{}"),
        ("attr_of_none_is_undefined", """[{{ x.y }}]|[{{ x['y'] }}]|{{ x.y is defined }}""", """{"x": null}"""),
        ("attr_of_string", """[{{ s.foo }}]|{{ s.foo is defined }}""", """{"s": "text"}"""),
        ("list_index", """{{ l[0] }}|{{ l[-1] }}|[{{ l[10] }}]|{{ l.1 }}|{{ l[10] is defined }}""", """{"l": ["a", "b", "c"]}"""),
        ("string_index", """{{ s[0] }}|{{ s[-1] }}|{{ s[1] }}""", """{"s": "h🌍llo"}"""),
        ("slices", """{{ l[1:] }}|{{ l[:2] }}|{{ l[::-1] }}|{{ l[::2] }}|{{ l[-2:] }}|{{ l[1:-1] }}|{{ l[5:] }}|{{ l[3:1] }}|{{ l[3:1:-1] }}""", """{"l": [0, 1, 2, 3, 4]}"""),
        ("string_slices", """{{ s[1:] }}|{{ s[:-1] }}|{{ s[::-1] }}|{{ s[-3:] }}|{{ s[::2] }}""", """{"s": "abcdéf🌍"}"""),
        ("slice_step_zero_fails", """{{ [1, 2][::0] }}""", "{}"),
        ("dict_methods", """{{ d.items() | list }}|{{ d.keys() | list }}|{{ d.values() | list }}|{{ d.get('a') }}|{{ d.get('z') }}|{{ d.get('z', 9) }}""", """{"d": {"a": 1, "b": 2}}"""),
        ("dict_method_shadows_key", """{{ d['items'] }}|{{ d.items is defined }}""", """{"d": {"items": "value"}}"""),
        ("list_methods", """{{ l.index(2) }}|{{ l.count(1) }}""", """{"l": [1, 2, 1]}"""),
        ("list_append_is_unsafe", """{% set l = [1] %}{{ l.append(2) }}""", "{}"),
        ("dict_pop_is_unsafe", """{{ d.pop('a') }}""", """{"d": {"a": 1}}"""),
        ("call_undefined_fails", """{{ nothing() }}""", "{}"),
        ("call_not_callable_fails", """{{ s() }}""", """{"s": "x"}"""),

        // string methods
        ("str_strip", """[{{ s.strip() }}]|[{{ s.lstrip() }}]|[{{ s.rstrip() }}]|[{{ 'xxhixx'.strip('x') }}]|[{{ '\n\nhi\n'.lstrip('\n') }}]""", """{"s": "  \t hi \n "}"""),
        ("str_split", """{{ 'a,b,,c'.split(',') }}|{{ ' a  b c '.split() }}|{{ 'a b c'.split(' ', 1) }}|{{ 'x</think>y'.split('</think>')[-1] }}|{{ ''.split() }}|{{ ''.split(',') }}""", "{}"),
        ("str_startswith", """{{ s.startswith('ab') }}|{{ s.endswith('cd') }}|{{ s.startswith(('x', 'a')) }}|{{ s.endswith('x') }}""", """{"s": "abcd"}"""),
        ("str_case", """{{ s.upper() }}|{{ s.lower() }}|{{ s.title() }}|{{ s.capitalize() }}""", """{"s": "hELLo wORld-x it's"}"""),
        ("str_replace_find", """{{ s.replace('a', 'o') }}|{{ s.replace('a', 'o', 1) }}|{{ s.find('n') }}|{{ s.find('z') }}|{{ s.count('a') }}|{{ s.rfind('a') }}""", """{"s": "banana"}"""),
        ("str_join_format", """{{ ', '.join(['a', 'b']) }}|{{ '{} and {}'.format('x', 'y') }}|{{ '{0}{0}'.format('z') }}|{{ '{name}!'.format(name='n') }}""", "{}"),
        ("str_predicates", """{{ '123'.isdigit() }}|{{ 'ab'.isalpha() }}|{{ ' '.isspace() }}|{{ 'ab'.islower() }}|{{ 'AB'.isupper() }}""", "{}"),
        ("str_method_on_none_fails", """{{ x.strip() }}""", """{"x": null}"""),

        // tests
        ("test_defined", """{{ x is defined }}|{{ nothing is defined }}|{{ nothing is undefined }}|{{ x is not defined }}|{{ n is defined }}""", """{"x": 1, "n": null}"""),
        ("test_types", """{{ 'a' is string }}|{{ 1 is number }}|{{ 1.5 is number }}|{{ true is number }}|{{ 1 is integer }}|{{ true is integer }}|{{ 1.0 is float }}|{{ true is boolean }}|{{ 1 is boolean }}|{{ none is none }}""", "{}"),
        ("test_containers", """{{ {} is mapping }}|{{ [] is mapping }}|{{ 'a' is iterable }}|{{ [] is iterable }}|{{ {} is iterable }}|{{ 1 is iterable }}|{{ nothing is iterable }}|{{ 'a' is sequence }}|{{ {} is sequence }}|{{ 1 is sequence }}|{{ none is iterable }}""", "{}"),
        ("test_true_false", """{{ true is true }}|{{ 1 is true }}|{{ false is false }}|{{ 0 is false }}|{{ x is false }}""", """{"x": false}"""),
        ("test_numbers", """{{ 3 is odd }}|{{ 3 is even }}|{{ 4 is even }}|{{ 9 is divisibleby 3 }}|{{ 9 is divisibleby(4) }}""", "{}"),
        ("test_comparisons", """{{ 1 is eq 1 }}|{{ 'a' is equalto 'a' }}|{{ 1 is ne 2 }}|{{ 1 is lt 2 }}|{{ 2 is gt 1 }}|{{ 2 is ge 2 }}|{{ 1 is le 0 }}|{{ 1 is == 1 }}|{{ 1 is in [1] }}|{{ 2 is sameas 2 }}|{{ none is sameas none }}""", "{}"),
        ("test_lower_upper", """{{ 'abc' is lower }}|{{ 'aBc' is lower }}|{{ 'ABC' is upper }}""", "{}"),
        ("test_callable", """{{ range is callable }}|{{ 'x' is callable }}|{{ 'upper' is filter }}|{{ 'nope' is filter }}|{{ 'odd' is test }}""", "{}"),
        ("test_precedence", """{{ not x is defined }}|{{ x is defined and x }}|{{ 1 + 1 is odd }}""", """{"x": 0}"""),
        ("test_odd_undefined_fails", """{{ nothing is odd }}""", "{}"),

        // filters
        ("filter_trim", """[{{ '  a b  ' | trim }}]|[{{ 'xxaxx' | trim('x') }}]|[{{ nothing | trim }}]|[{{ 5 | trim }}]""", "{}"),
        ("filter_length", """{{ [1, 2] | length }}|{{ 'héllo🌍' | length }}|{{ {'a': 1} | count }}|{{ nothing | length }}""", "{}"),
        ("filter_length_int_fails", """{{ 5 | length }}""", "{}"),
        ("filter_join", """{{ [1, 'a', none] | join }}|{{ ['a', 'b'] | join(', ') }}|{{ [{'n': 'x'}, {'n': 'y'}] | join('-', attribute='n') }}|[{{ nothing | join(',') }}]""", "{}"),
        ("filter_items", """{% for k, v in d | items %}{{ k }}={{ v }};{% endfor %}|{% for k, v in nothing | items %}x{% endfor %}""", """{"d": {"b": 1, "a": [2]}}"""),
        ("filter_items_non_mapping_fails", """{% for k, v in [1] | items %}{% endfor %}""", "{}"),
        ("filter_selectattr", """{{ l | selectattr('role', 'equalto', 'user') | map(attribute='c') | list }}|{{ l | selectattr('flag') | list | length }}|{{ l | rejectattr('role', 'eq', 'user') | list | length }}""", """{"l": [{"role": "user", "c": 1, "flag": true}, {"role": "assistant", "c": 2}, {"role": "user", "c": 3, "flag": false}]}"""),
        ("filter_selectattr_missing_attr", """{{ l | selectattr('x', 'defined') | list | length }}|{{ l | rejectattr('x') | list | length }}""", """{"l": [{"x": 1}, {"y": 2}]}"""),
        ("filter_select_reject", """{{ [1, 2, 3, 4] | select('odd') | list }}|{{ [1, 2, 3, 4] | reject('odd') | list }}|{{ [0, 1, '', 'a'] | select | list }}|{{ ['a', 'code', 'b'] | reject('equalto', 'code') | join(', ') }}|{{ [1, 5, 9] | select('gt', 4) | list }}""", "{}"),
        ("filter_map", """{{ ['a', 'b'] | map('upper') | list }}|{{ [{'n': 1}, {}] | map(attribute='n') | list }}|{{ [{'n': 1}, {}] | map(attribute='n', default=0) | list }}|{{ [1, 2] | map('string') | join('+') }}|{{ [[1, 2], [3]] | map('length') | list }}""", "{}"),
        ("filter_map_nested_attribute", """{{ l | map(attribute='function.name') | join(',') }}|{{ l | map(attribute='a.0') | list }}""", """{"l": [{"function": {"name": "f"}, "a": [7]}, {"function": {"name": "g"}, "a": [8]}]}"""),
        ("filter_default", """{{ nothing | default('d') }}|{{ none | default('d') }}|{{ '' | default('d') }}|{{ '' | default('d', true) }}|{{ 0 | d('z', boolean=true) }}|{{ 'v' | d('x') }}|[{{ nothing | default }}]""", "{}"),
        ("filter_first_last", """{{ [1, 2, 3] | first }}|{{ [1, 2, 3] | last }}|{{ 'abc' | first }}|[{{ [] | first }}]|{{ ([] | first) is defined }}""", "{}"),
        ("filter_list_string", """{{ 'ab' | list }}|{{ {'a': 1} | list }}|{{ 12 | string }}|{{ [1] | string }}|{{ none | string }}|{{ (nothing | list) }}""", "{}"),
        ("filter_int_float", """{{ '42' | int }}|{{ ' -7 ' | int }}|{{ '4.7' | int }}|{{ 'x' | int }}|{{ 'x' | int(5) }}|{{ 3.9 | int }}|{{ '0x1A' | int(0, 16) }}|{{ '2.5' | float }}|{{ 'x' | float }}|{{ 3 | float }}|{{ true | int }}|{{ none | int }}""", "{}"),
        ("filter_case", """{{ 'hello world' | upper }}|{{ 'HeLLo' | lower }}|{{ 'hello big-world (x) it''s' | title }}|{{ 'hELLO' | capitalize }}""", "{}"),
        ("filter_replace", """{{ 'aaa' | replace('a', 'b') }}|{{ 'aaa' | replace('a', 'b', 2) }}|{{ 5 | replace('5', 'five') }}""", "{}"),
        ("filter_escape_safe", """{{ '<a href="x">&\'' | e }}|{{ '<b>' | escape }}|{{ '<b>' | safe }}|{{ none | e }}""", "{}"),
        ("filter_unique", """{{ [1, 2, 1, 3, 2] | unique | list }}|{{ ['a', 'A', 'b'] | unique | list }}|{{ ['a', 'A', 'b'] | unique(true) | list }}|{{ [{'n': 1}, {'n': 1}, {'n': 2}] | unique(attribute='n') | list | length }}""", "{}"),
        ("filter_sort", """{{ [3, 1, 2] | sort }}|{{ [3, 1, 2] | sort(reverse=true) }}|{{ ['b', 'A', 'c'] | sort }}|{{ ['b', 'A', 'c'] | sort(case_sensitive=true) }}|{{ [{'n': 2}, {'n': 1}] | sort(attribute='n') | map(attribute='n') | list }}""", "{}"),
        ("filter_sort_mixed_fails", """{{ [1, 'a'] | sort }}""", "{}"),
        ("filter_indent", """{{ 'a\nb\n\nc' | indent }}|{{ 'a\nb' | indent(2, true) }}|{{ 'a\n\nb' | indent(2, blank=true) }}|{{ 'a\nb' | indent('> ') }}""", "{}"),
        ("filter_wordcount", """{{ 'Hello, wide world! x_y 42' | wordcount }}""", "{}"),
        ("filter_misc", """{{ -3 | abs }}|{{ [1, 2, 3] | sum }}|{{ [3, 1, 2] | max }}|{{ [3, 1, 2] | min }}|{{ 'abc' | reverse }}|{{ [1, 2] | reverse | list }}|{{ 2.5 | round }}|{{ 3.14159 | round(2) }}|{{ 3.1 | round(0, 'ceil') }}|{{ 'ab' | center(6) }}|{{ {'b': 1, 'a': 2} | dictsort }}""", "{}"),
        ("filter_batch_attr", """{{ [1, 2, 3] | batch(2) | list }}|{{ [1, 2, 3] | batch(2, 0) | list }}|{{ {'k': 'v'} | attr('k') }}""", "{}"),
        ("filter_chain_precedence", """{{ 'a' + ' b ' | trim + 'c' }}|{{ -1 | abs }}|{{ ['x'] | first | upper }}""", "{}"),
        ("filter_tojson_basic", """{{ v | tojson }}""", """{"v": {"s": "é \"q\" \\ \n\t\u0001 ✓ 🌍 <>&'", "i": 1, "f": 1.5, "g": 1e20, "b": true, "n": null, "l": [1, [2, {}], []], "e": {}}}"""),
        ("filter_tojson_indent", """{{ v | tojson(indent=4) }}|{{ v | tojson(indent=2) }}|{{ [] | tojson(indent=2) }}""", """{"v": {"a": [1, {"b": null}], "c": "x", "d": {}}}"""),
        ("filter_tojson_options", """{{ v | tojson(sort_keys=true) }}|{{ v | tojson(ensure_ascii=true) }}|{{ v | tojson(separators=(',', ':')) }}|{{ v | tojson() }}""", """{"v": {"z": "é", "a": [1, 2]}}"""),
        ("filter_tojson_scalars", """{{ 'x' | tojson }}|{{ 1 | tojson }}|{{ 2.0 | tojson }}|{{ none | tojson }}|{{ true | tojson }}|{{ (1, 'a') | tojson }}|{{ {1: 'a', true: 'b', none: 'c'} | tojson }}""", "{}"),
        ("filter_tojson_undefined_fails", """{{ nothing | tojson }}""", "{}"),
        ("filter_tojson_slice", """{% set out = {'name': 'f', 'arguments': {'x': 1}} | tojson %}{{ out[:-1] }}, "id": "1"}""", "{}"),
        ("filter_unknown_is_syntax_error", """{{ 'a' | nosuchfilter }}""", "{}"),
        ("filter_unknown_in_if_fails_at_render", """{% if true %}{{ 'a' | nosuchfilter }}{% endif %}""", "{}"),
        ("filter_unknown_in_untaken_if", """{% if false %}{{ 'a' | nosuchfilter }}{% endif %}ok""", "{}"),

        // statements: if
        ("if_elif_else", """{% for n in [1, 2, 3] %}{% if n == 1 %}one{% elif n == 2 %}two{% else %}many{% endif %};{% endfor %}""", "{}"),
        ("if_set_leaks", """{% if true %}{% set x = 5 %}{% endif %}{{ x }}""", "{}"),
        ("if_nested", """{% if a %}{% if b %}ab{% else %}a{% endif %}{% elif b %}b{% endif %}""", """{"a": true, "b": false}"""),

        // statements: for
        ("for_loop_vars", """{% for x in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}|{% endfor %}""", "{}"),
        ("for_prev_next", """{% for x in [1, 2, 3] %}[{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }}]{{ loop.previtem is defined }}{% endfor %}""", "{}"),
        ("for_filter", """{% for x in range(10) if x is odd %}{{ x }}:{{ loop.index }}/{{ loop.length }} {% endfor %}""", "{}"),
        ("for_else", """{% for x in [] %}x{% else %}empty{% endfor %}|{% for x in [1] %}{{ x }}{% else %}empty{% endfor %}|{% for x in [1] if false %}x{% else %}filtered{% endfor %}""", "{}"),
        ("for_unpack", """{% for k, v in d.items() %}{{ k }}={{ v }},{% endfor %}|{% for a, b in [[1, 2], (3, 4)] %}{{ a + b }}{% endfor %}""", """{"d": {"x": 1, "y": 2}}"""),
        ("for_unpack_wrong_count_fails", """{% for a, b in [[1, 2, 3]] %}{% endfor %}""", "{}"),
        ("for_dict_keys", """{% for k in d %}{{ k }}{% endfor %}""", """{"d": {"b": 1, "a": 2}}"""),
        ("for_undefined_is_empty", """[{% for x in nothing %}x{% endfor %}]""", "{}"),
        ("for_none_fails", """{% for x in n %}x{% endfor %}""", """{"n": null}"""),
        ("for_int_fails", """{% for x in 5 %}x{% endfor %}""", "{}"),
        ("for_scoping", """{% set y = 0 %}{% for x in [1, 2, 3] %}[{{ y }}]{% set y = x %}{{ y }}{% endfor %}{{ y }}""", "{}"),
        ("for_nested_loop", """{% for a in [1, 2] %}{% for b in 'xy' %}{{ loop.index }}{{ a }}{{ b }} {% endfor %}{{ loop.index }};{% endfor %}""", "{}"),
        ("for_break_continue", """{% for x in range(10) %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 5 %}{% break %}{% endif %}{{ x }}{% endfor %}""", "{}"),
        ("for_loop_cycle", """{% for x in range(5) %}{{ loop.cycle('a', 'b') }}{% endfor %}""", "{}"),
        ("for_reverse_messages", """{% for m in messages[::-1] %}{{ (messages | length - 1) - loop.index0 }}:{{ m.role }} {% endfor %}""", Msgs),
        ("for_loop_depth", """{% for a in [1] %}{% for b in [1] %}{{ loop.depth }}{{ loop.depth0 }}{% endfor %}{{ loop.depth }}{% endfor %}""", "{}"),

        // statements: set
        ("set_simple", """{% set x = 1 %}{% set y = x + 1 %}{{ x }}{{ y }}""", "{}"),
        ("set_tuple", """{% set a, b = 1, 2 %}{{ a }}{{ b }}{% set c, d = [3, 4] %}{{ c }}{{ d }}""", "{}"),
        ("set_block", """{% set x %}Hello {{ name }}!{% endset %}[{{ x }}]{{ x | length }}""", """{"name": "W"}"""),
        ("set_block_filter", """{% set x | upper | trim %}  hi  {% endset %}[{{ x }}]""", "{}"),
        ("set_overrides_variable", """{% set messages = messages[1:] %}{{ messages | length }}{{ messages[0].role }}""", Msgs),
        ("namespace", """{% set ns = namespace(count=0, found=false) %}{% for m in messages %}{% if m.role == 'user' %}{% set ns.count = ns.count + 1 %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.count }}{{ ns.found }}[{{ ns.missing }}]""", Msgs),
        ("namespace_empty_then_assign", """{% set ns = namespace() %}{% set ns.index = 0 %}{% set ns.index = ns.index + 2 %}{{ ns.index }}""", "{}"),
        ("namespace_from_dict", """{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}""", "{}"),
        ("namespace_assign_non_namespace_fails", """{% set d = {} %}{% set d.x = 1 %}""", "{}"),

        // macros and call
        ("macro_basic", """{% macro greet(name, greeting='Hello') %}{{ greeting }}, {{ name }}!{% endmacro %}{{ greet('A') }}|{{ greet('B', 'Hi') }}|{{ greet(greeting='Yo', name='C') }}|[{{ greet() }}]""", "{}"),
        ("macro_recursive", """{% macro t(x) %}{% if x is mapping %}{{ '{' }}{% for k, v in x.items() %}{{ k }}:{{ t(v) }}{% endfor %}{{ '}' }}{% else %}{{ x }}{% endif %}{% endmacro %}{{ t(d) }}""", """{"d": {"a": {"b": {"c": 1}}, "d": 2}}"""),
        ("macro_result_concat", """{% macro m() %}<{{ 'x' }}>{% endmacro %}{{ 'a' + m() + 'b' }}|{{ m() | length }}""", "{}"),
        ("macro_sees_outer_at_call_time", """{% macro m() %}{{ y }}{% endmacro %}{% set y = 1 %}{{ m() }}{% set y = 2 %}{{ m() }}""", "{}"),
        ("macro_varargs_kwargs", """{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, k='v') }}""", "{}"),
        ("macro_too_many_args_fails", """{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}""", "{}"),
        ("macro_unknown_kwarg_fails", """{% macro m(a) %}{{ a }}{% endmacro %}{{ m(b=1) }}""", "{}"),
        ("call_block", """{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap('b') %}inner {{ 1 + 1 }}{% endcall %}""", "{}"),
        ("call_block_args", """{% macro each(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(x) each([1, 2]) %}[{{ x }}]{% endcall %}""", "{}"),
        ("filter_block", """{% filter upper %}hello {{ 'world' }}{% endfilter %}""", "{}"),
        ("with_block", """{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}]""", "{}"),

        // globals
        ("global_range", """{{ range(3) | list }}|{{ range(1, 7, 2) | list }}|{{ range(5, 0, -2) | list }}|{{ range(0) | list }}""", "{}"),
        ("global_range_too_big_fails", """{{ range(1000000) | length }}""", "{}"),
        ("global_dict", """{{ dict(a=1, b='x') }}|{{ dict() }}""", "{}"),
        ("raise_exception", """{% if messages[0].role == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}""", Msgs),
        ("raise_exception_message_value", """{{ raise_exception('Bad ' ~ 3) }}""", "{}"),
        ("strftime_now", """{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%B %d, %Y') }}|{{ strftime_now('%Y-%m-%d %H:%M:%S %A %a %j %p %I %y %m') }}|{{ strftime_now('%%') }}""", "{}"),
        ("variables_override_globals", """{{ range }}""", """{"range": "mine"}"""),

        // whitespace control, comments, raw
        ("ws_trim_blocks", "{% if true %}\nline\n{% endif %}\nafter", "{}"),
        ("ws_lstrip_blocks", "  {% if true %}\n    x\n  {% endif %}\n  y {{ 1 }}\n  {# c #}\nz", "{}"),
        ("ws_lstrip_not_after_text", "a {% if true %}b{% endif %}\n", "{}"),
        ("ws_minus", "a  \n  {%- if true -%}  \n b  \n {%- endif -%}\n  c {{- ' d ' -}}  e", "{}"),
        ("ws_plus", "  {%+ if true +%}\nx\n{% endif %}", "{}"),
        ("ws_variable_no_trim_blocks", "{{ 'a' }}\nb\n", "{}"),
        ("ws_trailing_newline_removed", "x\n", "{}"),
        ("ws_only_one_trailing_newline_removed", "x\n\n", "{}"),
        ("ws_crlf_normalized", "a\r\nb\r{% if true %}\r\nc{% endif %}", "{}"),
        ("ws_multiline_string_literal", "{{ 'line1\nline2' }}", "{}"),
        ("comments", "a{# comment #}b\n{# line comment #}\nc{#- trim -#}  d", "{}"),
        ("raw_block", "{% raw %}{{ not evaluated }}{% if %}{% endraw %}|{%- raw -%}  x  {%- endraw -%}|", "{}"),
        ("unbalanced_braces_in_expression", """{{ {'a': {'b': 1}}['a'] }}""", "{}"),

        // syntax errors
        ("syntax_unknown_tag", """{% generation %}x{% endgeneration %}""", "{}"),
        ("syntax_unclosed_if", """{% if true %}x""", "{}"),
        ("syntax_bad_expression", """{{ 1 + }}""", "{}"),
        ("syntax_unclosed_variable", """{{ x """, "{}"),
        ("syntax_endfor_without_for", """{% endfor %}""", "{}"),
        ("syntax_unknown_test", """{{ 1 is nosuchtest }}""", "{}"),
    ];

    private static Dictionary<string, RenderOutcome>? _expected;

    private static IEnumerable<OracleCase> AllCases() =>
        Features.Select(f => new OracleCase(f.Name, f.Template, null, f.Variables));

    private static IEnumerable<TestCaseData> Cases() =>
        Features.Select(f => new TestCaseData(f.Name).SetName($"Render_{f.Name}_MatchesJinja2"));

    [OneTimeSetUp]
    public static void RunOracle() => _expected = JinjaOracle.RunPython(AllCases().ToList());

    [TestCaseSource(nameof(Cases))]
    public void Render_Feature_MatchesJinja2(string name)
    {
        var c = AllCases().First(x => x.Id == name);
        JinjaOracle.AssertSame(_expected![c.Id], JinjaOracle.RenderHere(c));
    }

    [Test]
    public void Oracle_Features_AreManyAndDistinct()
    {
        Assert.That(Features.Length, Is.GreaterThanOrEqualTo(100));
        Assert.That(Features.Select(f => f.Name), Is.Unique);
    }
}
