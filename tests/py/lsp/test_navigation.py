"""Navigation with a real LSP client (pytest-lsp): definition (in a file and across local imports),
references, highlights, rename (with its refusals), nested symbols, folding, selection and semantic tokens.
Every answer is checked against the exact positions it must have."""

import pytest
from lsprotocol import types


def pos(text: str, needle: str, nth: int = 0, delta: int = 0) -> types.Position:
    """The position of the `nth` occurrence of `needle` in `text` (plus `delta` characters)."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += delta
    line = text.count("\n", 0, at)
    character = at - (text.rfind("\n", 0, at) + 1)
    return types.Position(line=line, character=character)


def span(text: str, needle: str, nth: int = 0) -> tuple:
    start = pos(text, needle, nth)
    return (start.line, start.character, start.line, start.character + len(needle))


def spans_of(locations) -> list:
    return sorted(
        (l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character) for l in locations
    )


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


LIB = """export function helper(n) {
  return n * 2;
}
export const LIMIT = 10;
"""

MAIN = """import { helper, LIMIT } from "./lib";
import * as lib from "./lib.js";

let total = 0;
for (let i = 0; i < LIMIT; i++) {
  total += helper(i);
}
function show(value) {
  const shown = { value };
  return shown;
}
show(total);
lib.helper(total);
console.log(total);
"""


async def definition(server, uri, position, of_type=False):
    """The locations of `textDocument/definition` (`typeDefinition` when `of_type`) as a list."""
    client = server.client
    request, params = (
        (client.text_document_type_definition_async, types.TypeDefinitionParams)
        if of_type
        else (client.text_document_definition_async, types.DefinitionParams)
    )
    result = await request(params(text_document=doc(uri), position=position))
    if result is None:
        return []
    return result if isinstance(result, list) else [result]


async def test_definition_in_the_file_and_through_local_imports(start_server):
    server = await start_server()
    lib = server.open("lib.js", LIB)
    main = server.open("main.js", MAIN)
    # A local: `total` at its `+=` goes to its `let`.
    [target] = await definition(server, main, pos(MAIN, "total +="))
    assert target.uri == main
    assert spans_of([target]) == [span(MAIN, "total")]
    # A parameter, from the shorthand property that reads it.
    [target] = await definition(server, main, pos(MAIN, "{ value }", delta=2))
    assert spans_of([target]) == [span(MAIN, "value", 0)]
    # An imported name (extensionless specifier) goes to its declaration in the other file.
    [target] = await definition(server, main, pos(MAIN, "helper(i)"))
    assert target.uri == lib
    assert spans_of([target]) == [span(LIB, "helper")]
    # The import specifier itself too, and a `const` export.
    [target] = await definition(server, main, pos(MAIN, "LIMIT;"))
    assert (target.uri, spans_of([target])) == (lib, [span(LIB, "LIMIT")])
    # A global has no definition in the workspace.
    assert await definition(server, main, pos(MAIN, "for")) == []


async def test_definition_into_a_file_that_is_not_open(start_server):
    server = await start_server()
    (server.root / "lib.js").write_text(LIB)
    main = server.open("main.js", MAIN)
    [target] = await definition(server, main, pos(MAIN, "helper(i)"))
    assert target.uri == server.uri("lib.js")
    assert spans_of([target]) == [span(LIB, "helper")]


async def test_references_across_the_workspace_and_highlights(start_server):
    server = await start_server()
    lib = server.open("lib.js", LIB)
    main = server.open("main.js", MAIN)
    # A third file importing lib, on disk only.
    other = "import { helper as twice } from './lib.js';\nconsole.log(twice(2));\n"
    (server.root / "other.js").write_text(other)
    refs = await server.client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc(lib),
            position=pos(LIB, "helper"),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    by_uri = {}
    for location in refs:
        by_uri.setdefault(location.uri, []).append(location)
    assert spans_of(by_uri[lib]) == [span(LIB, "helper")]
    # In main.js: the import, the call, and `lib.helper` through the namespace import.
    assert spans_of(by_uri[main]) == sorted([span(MAIN, "helper", n) for n in (0, 1, 2)])
    # In other.js: the imported name, and the alias it is used under.
    other_uri = server.uri("other.js")
    assert spans_of(by_uri[other_uri]) == sorted(
        [span(other, "helper"), span(other, "twice", 0), span(other, "twice", 1)]
    )
    # Without the declaration.
    refs = await server.client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc(main),
            position=pos(MAIN, "total", 1),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert spans_of(refs) == sorted([span(MAIN, "total", n) for n in (1, 2, 3, 4)])
    # Highlights: the write, the read-write and the reads of `total`.
    highlights = await server.client.text_document_document_highlight_async(
        types.DocumentHighlightParams(text_document=doc(main), position=pos(MAIN, "total"))
    )
    kinds = {(h.range.start.line, h.range.start.character): h.kind for h in highlights}
    assert kinds[(pos(MAIN, "total").line, pos(MAIN, "total").character)] == types.DocumentHighlightKind.Write
    assert kinds[(pos(MAIN, "total +=").line, pos(MAIN, "total +=").character)] == types.DocumentHighlightKind.Write
    assert kinds[(pos(MAIN, "show(total)").line, pos(MAIN, "show(total)", delta=5).character)] == types.DocumentHighlightKind.Read


async def rename(server, uri, position, new_name):
    return await server.client.text_document_rename_async(
        types.RenameParams(text_document=doc(uri), position=position, new_name=new_name)
    )


def apply(text: str, edits) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    def offset(p):
        return offsets[p.line] + p.character
    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


async def test_rename_keeps_meaning_and_refuses_what_it_cannot_do(start_server):
    server = await start_server()
    main = server.open("main.js", MAIN)
    prepared = await server.client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(main), position=pos(MAIN, "value)", delta=1))
    )
    prepared_range = getattr(prepared, "range", prepared)
    assert (prepared_range.start.line, prepared_range.start.character) == (
        pos(MAIN, "value)").line, pos(MAIN, "value)").character,
    )
    edit = await rename(server, main, pos(MAIN, "value)"), "input")
    renamed = apply(MAIN, edit.changes[main])
    # The shorthand property keeps its key.
    assert "function show(input) {\n  const shown = { value: input };" in renamed
    # Refusals, each with a reason: a global, an invalid name, a reserved word, a collision.
    for position, new_name, reason in [
        (pos(MAIN, "console"), "terminal", "console"),
        (pos(MAIN, "total +="), "1x", "1x"),
        (pos(MAIN, "total +="), "class", "class"),
        (pos(MAIN, "shown ="), "value", "value"),
    ]:
        with pytest.raises(Exception) as refused:
            await rename(server, main, position, new_name)
        assert reason in str(refused.value), (new_name, str(refused.value))
    # prepareRename refuses a global and a keyword.
    for position in (pos(MAIN, "console"), pos(MAIN, "for")):
        with pytest.raises(Exception):
            await server.client.text_document_prepare_rename_async(
                types.PrepareRenameParams(text_document=doc(main), position=position)
            )


async def test_rename_across_files(start_server):
    server = await start_server()
    lib = server.open("lib.js", LIB)
    main = server.open("main.js", MAIN)
    other = "import { helper as twice } from './lib.js';\nconsole.log(twice(2));\n"
    (server.root / "other.js").write_text(other)
    edit = await rename(server, main, pos(MAIN, "helper(i)"), "double")
    assert apply(LIB, edit.changes[lib]).startswith("export function double(n) {")
    renamed_main = apply(MAIN, edit.changes[main])
    assert renamed_main.startswith('import { double, LIMIT } from "./lib";')
    assert "total += double(i);" in renamed_main
    # A namespace import's member follows.
    assert "lib.double(total);" in renamed_main
    # The alias stays; only the imported name changes.
    assert apply(other, edit.changes[server.uri("other.js")]) == other.replace("helper as", "double as")


async def test_nested_symbols_folding_selection_and_semantic_tokens(start_server):
    server = await start_server()
    text = """class Shape {
  constructor(size) {
    this.size = size;
  }
  area() {
    return this.size ** 2;
  }
}
const config = {
  name: "x",
  nested: { deep: 1 },
  run() {},
};
function outer() {
  function inner() {}
  const arrow = () => 1;
  return inner;
}
"""
    uri = server.open("shapes.js", text)
    symbols = await server.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc(uri))
    )
    tree = {s.name: sorted(c.name for c in (s.children or [])) for s in symbols}
    assert tree["Shape"] == ["area", "constructor"]
    assert tree["config"] == ["name", "nested", "run"]
    assert tree["outer"] == ["arrow", "inner"]
    folds = await server.client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=doc(uri))
    )
    assert (0, 7) in {(f.start_line, f.end_line) for f in folds}
    assert (13, 17) in {(f.start_line, f.end_line) for f in folds}
    [selection] = await server.client.text_document_selection_range_async(
        types.SelectionRangeParams(text_document=doc(uri), positions=[pos(text, "size ** 2", delta=1)])
    )
    chain = []
    while selection is not None:
        chain.append(((selection.range.start.line, selection.range.start.character), (selection.range.end.line, selection.range.end.character)))
        selection = selection.parent
    assert chain[0] == ((5, 16), (5, 20))  # `size`
    assert chain[-1][0] == (0, 0)  # ... up to the whole file
    assert len(chain) >= 5
    legend = server.initialize_result.capabilities.semantic_tokens_provider.legend
    tokens = await server.client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=doc(uri))
    )
    decoded = []
    line = character = 0
    data = tokens.data
    for i in range(0, len(data), 5):
        delta_line, delta_start, length, kind, modifiers = data[i : i + 5]
        line += delta_line
        character = character + delta_start if delta_line == 0 else delta_start
        mods = {m for b, m in enumerate(legend.token_modifiers) if modifiers & (1 << b)}
        decoded.append((line, character, length, legend.token_types[kind], mods))
    by_place = {(l, c): (k, m) for l, c, _, k, m in decoded}
    assert by_place[(0, 6)] == ("class", {"declaration"})
    assert by_place[(1, 14)][0] == "parameter"
    assert by_place[(8, 6)] == ("variable", {"declaration", "readonly"})
    assert by_place[(13, 9)][0] == "function"
    # A second request can be answered as a delta of the first.
    delta = await server.client.text_document_semantic_tokens_full_delta_async(
        types.SemanticTokensDeltaParams(text_document=doc(uri), previous_result_id=tokens.result_id)
    )
    assert delta is not None


async def test_navigation_on_broken_and_hostile_text_answers_without_crashing(start_server):
    server = await start_server()
    deep = server.open("deep.js", "[" * 200_000)
    broken_text = "let a = 1;\nfunction (\na + 1\n"
    broken = server.open("broken.js", broken_text)
    for uri in (deep, broken):
        await definition(server, uri, types.Position(line=0, character=4))
        await server.client.text_document_references_async(
            types.ReferenceParams(text_document=doc(uri), position=types.Position(line=0, character=4),
                                  context=types.ReferenceContext(include_declaration=True))
        )
        await server.client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc(uri)))
        await server.client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
    # A position past the end is an error, not a crash; the server still answers after all that.
    with pytest.raises(Exception):
        await definition(server, broken, types.Position(line=99, character=0))
    # Text the parser cannot recover gives no answer (not a wrong one); fixed, it answers again.
    targets = await definition(server, broken, pos(broken_text, "a + 1"))
    assert spans_of(targets) in ([], [span(broken_text, "a")])
    fixed_text = "let a = 1;\nfunction f() {}\na + 1\n"
    server.replace(broken, fixed_text)
    [target] = await definition(server, broken, pos(fixed_text, "a + 1"))
    assert spans_of([target]) == [span(fixed_text, "a")]


async def test_workspace_symbols_come_from_every_file_of_the_folder(start_server):
    server = await start_server()
    server.open("lib.js", LIB)
    (server.root / "sub").mkdir()
    (server.root / "sub" / "shapes.js").write_text("class Shape {\n  area() {}\n}\nexport function helperOfShapes() {}\n")
    (server.root / "node_modules").mkdir()
    (server.root / "node_modules" / "dep.js").write_text("export function helperInDeps() {}\n")
    symbols = await server.client.workspace_symbol_async(types.WorkspaceSymbolParams(query="helper"))
    names = [s.name for s in symbols]
    # The best match first; node_modules is not the workspace's code.
    assert names[:2] == ["helper", "helperOfShapes"]
    assert "helperInDeps" not in names
    area = await server.client.workspace_symbol_async(types.WorkspaceSymbolParams(query="area"))
    [method] = [s for s in area if s.name == "area"]
    assert method.container_name == "Shape"
    assert method.location.uri == (server.root / "sub" / "shapes.js").as_uri()


async def signature(server, uri, text, needle):
    help_ = await server.client.text_document_signature_help_async(
        types.SignatureHelpParams(text_document=doc(uri), position=pos(text, needle, delta=len(needle)))
    )
    if help_ is None:
        return None
    [signature] = help_.signatures
    return signature.label, signature.active_parameter


async def test_signature_help_from_declarations_and_from_the_live_session(start_server):
    server = await start_server()
    server.open("lib.js", LIB)
    text = "import { helper } from './lib.js';\nfunction greet(name, greeting = 'hi') {}\ngreet('a', \nhelper(\nliveOne(1, 2, \n"
    uri = server.open("calls.js", text)
    # A function of the file, while its call is still being typed: the second argument is active.
    assert await signature(server, uri, text, "greet('a', ") == ("greet(name, greeting = 'hi')", 1)
    # An imported function: its declaration in lib.js.
    assert await signature(server, uri, text, "helper(") == ("helper(n)", 0)
    # Not declared anywhere: nothing until the folder's session defines it.
    assert await signature(server, uri, text, "liveOne(1, 2, ") is None
    other = server.open("define.js", "function liveOne(x, y, z) {}\n")
    await server.command(
        "vmjs.runSelection",
        {"uri": other, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 28}}},
    )
    assert await signature(server, uri, text, "liveOne(1, 2, ") == ("liveOne(x, y, z)", 2)
    # TypeScript: the parameters as declared, with their types.
    typed = "function scale(v: number, by = 2): number { return v * by; }\nscale(1, "
    ts = server.open("typed.ts", typed)
    assert await signature(server, ts, typed, "scale(1, ") == ("scale(v: number, by = 2)", 1)


STORE = """export class Store {
  constructor(name) {}
}
export const shared = new Store("s");
"""

TYPED = """import { Store, shared } from "./store";
interface Point { x: number }
enum Color { Red }
const p: Point = { x: 1 };
const made = new Store("m");
function take(box: Store, c: Color) { return [box, c]; }
let n = 1;
console.log(p, made, shared, n, take);
"""


async def test_type_definition_follows_the_stated_type(start_server):
    server = await start_server()
    assert server.initialize_result.capabilities.type_definition_provider
    store = server.open("store.js", STORE)
    main = server.open("main.ts", TYPED)

    async def lands(needle, nth=0):
        return [(t.uri, spans_of([t])[0]) for t in await definition(server, main, pos(TYPED, needle, nth), of_type=True)]

    # An annotation naming an interface of the file, read at a use of the name.
    assert await lands("p, made") == [(main, span(TYPED, "Point"))]
    # `new Store()` where Store is imported: the class in store.js.
    assert await lands("made, shared") == [(store, span(STORE, "Store"))]
    # A parameter annotated with an imported class, and one with an enum of the file.
    assert await lands("box, c]") == [(store, span(STORE, "Store"))]
    assert await lands("c]") == [(main, span(TYPED, "Color"))]
    # A name imported from a file where it is `new Store(…)`: followed into that file.
    assert await lands("shared, n") == [(store, span(STORE, "Store"))]
    # A class is its own type.
    assert await lands("Store, shared") == [(store, span(STORE, "Store"))]
    # No stated type: nothing (a checker would infer `number`; vmjs does not guess).
    assert await lands("n, take") == []
    assert await lands("take);") == []


HINTED_LIB = "export function area(width, height = 1) { return width * height; }\n"

HINTED = """import { area } from "./lib";
import * as lib from "./lib.js";
function label(text, { bold } = {}, ...rest) {}
const width = 3;
area(width, 4);
area(2 * width, -5);
lib.area(7, "8");
label("a", {}, 1, 2);
new Thing(1);
console.log("x");
"""


async def hints(server, uri, text, lines=None):
    last = text.count("\n")
    start, end = lines or (0, last)
    result = await server.client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=doc(uri),
            range=types.Range(
                start=types.Position(line=start, character=0), end=types.Position(line=end, character=0)
            ),
        )
    )
    return [(h.position.line, h.position.character, h.label) for h in result or []]


async def test_parameter_name_hints_are_off_by_default_and_follow_the_setting(start_server):
    server = await start_server()
    assert server.initialize_result.capabilities.inlay_hint_provider
    server.open("lib.js", HINTED_LIB)
    uri = server.open("main.js", HINTED)
    assert await hints(server, uri, HINTED) == []

    def at(needle, nth=0):
        p = pos(HINTED, needle, nth)
        return (p.line, p.character)

    server.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"vmjs": {"inlayHints": {"parameterNames": "all"}}})
    )
    # The server asks the client to fetch its hints again.
    await server.wait_for(lambda: server.inlay_hint_refreshes >= 1)
    expected_all = [
        # `width` passed as `width` says it already; `4` is the second parameter.
        (*at("4);"), "height:"),
        (*at("2 * width"), "width:"),
        (*at("-5"), "height:"),
        # Through the namespace import, into lib.js.
        (*at("7,"), "width:"),
        (*at('"8"'), "height:"),
        # A destructured parameter gets none; the rest parameter is named on the first argument it takes.
        (*at('"a"'), "text:"),
        (*at("1, 2)"), "...rest:"),
    ]
    assert await hints(server, uri, HINTED) == expected_all
    # Only the range asked for.
    assert await hints(server, uri, HINTED, (6, 7)) == [(*at("7,"), "width:"), (*at('"8"'), "height:")]

    server.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"vmjs": {"inlayHints": {"parameterNames": "literals"}}})
    )
    await server.wait_for(lambda: server.inlay_hint_refreshes >= 2)
    assert await hints(server, uri, HINTED) == [h for h in expected_all if h[:2] != at("2 * width")]
