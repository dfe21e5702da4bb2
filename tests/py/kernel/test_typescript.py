"""The TypeScript kernelspec (`vmjs kernel install --typescript`) through jupyter_client: what it announces,
TypeScript cells, and errors placed in the user's TypeScript."""

from jupyter_client.manager import start_new_kernel

from conftest import run
from kernelspec import TYPESCRIPT_KERNEL_NAME, install


def start(tmp_path):
    install()
    return start_new_kernel(kernel_name=TYPESCRIPT_KERNEL_NAME, cwd=str(tmp_path))


def test_typescript_kernel_announces_typescript_and_runs_typescript_cells(tmp_path):
    km, kc = start(tmp_path)
    try:
        kc.kernel_info()
        info = kc.get_shell_msg(timeout=30)["content"]
        assert info["language_info"]["name"] == "typescript"
        assert info["language_info"]["file_extension"] == ".ts"
        assert info["language_info"]["mimetype"] == "text/typescript"

        reply, outputs = run(kc, "interface Row { name: string; n: number }\nconst rows: Row[] = [{ name: 'a', n: 2 }];\nrows.map((r: Row): number => r.n * 21)")
        assert reply["status"] == "ok", reply
        results = [c for t, c in outputs if t == "execute_result"]
        assert results[0]["data"]["text/plain"] == "[ 42 ]"

        reply, outputs = run(kc, "enum Level { Low = 1, High = 10 }\nconsole.log(Level.High, Level[1])")
        assert reply["status"] == "ok", reply
        assert [c["text"] for t, c in outputs if t == "stream"] == ["10 Low\n"]

        # An error after lines the printed JavaScript no longer has is placed in the TypeScript cell.
        reply, outputs = run(kc, "type Id = string;\n\n\nfunction check(id: Id): void {\n  throw new Error(`bad id ${id}`);\n}\ncheck('x')")
        assert reply["status"] == "error"
        assert reply["ename"] == "Error" and reply["evalue"] == "bad id x"
        traceback = "\n".join(reply["traceback"])
        assert ":5:" in traceback, traceback

        # A cell that is not TypeScript either says where.
        reply, _ = run(kc, "const broken: number = ;")
        assert reply["status"] == "error" and reply["ename"] == "SyntaxError"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
