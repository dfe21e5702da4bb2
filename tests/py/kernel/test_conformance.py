"""The public Jupyter kernel conformance suite (jupyter_kernel_test) against the installed vmjs kernelspec,
with every attribute set, plus its separate iopub_welcome (JEP 65) test."""

import jupyter_kernel_test

from kernelspec import KERNEL_NAME, install

install()


class VmjsKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "javascript"
    file_extension = ".js"

    code_hello_world = "console.log('hello, world')"
    code_stderr = "console.error('oops')"

    completion_samples = [
        {"text": "Math.ma", "matches": {"max"}},
        {"text": "var zzyzx_completion = 1; zzyzx_c", "matches": {"zzyzx_completion"}},
        {"text": "[1, 2].inclu", "matches": set()},
        {"text": "'a'.toUpperC", "matches": set()},
        {"text": "JSON.str", "matches": {"stringify"}},
    ]
    complete_code_samples = ["1 + 1", "let x = 1;", "function f() { return 1 }", ""]
    incomplete_code_samples = ["function f() {", "const s = `abc", "[1, 2,", "/* comment"]
    invalid_code_samples = ["let 1x = 1;", "1 +* 2", "function () {}}"]

    code_generate_error = "throw new Error('this is an error')"

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'a' + 'b'", "result": "'ab'"},
        {"code": "({ a: 1 })", "mime": "application/json", "result": {"a": 1}},
        {"code": "[1, 2, 3]", "result": "[ 1, 2, 3 ]"},
    ]
    code_display_data = [
        {"code": "Jupyter.display(Jupyter.html`<b>bold</b>`)", "mime": "text/html"},
        {"code": "Jupyter.display({ 'image/svg+xml': '<svg/>' }, { raw: true })", "mime": "image/svg+xml"},
        {"code": "Deno.jupyter.display({ 'text/markdown': '# hi' }, { raw: true })", "mime": "text/markdown"},
    ]

    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"
    code_clear_output = "Jupyter.clearOutput()"


class VmjsIopubWelcomeTests(jupyter_kernel_test.IopubWelcomeTests):
    kernel_name = KERNEL_NAME
    support_iopub_welcome = True
