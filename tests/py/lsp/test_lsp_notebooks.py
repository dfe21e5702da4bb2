"""Notebook documents (LSP 3.17 notebookDocument/*) with a real client: the cells of a Jupyter notebook
are one program in order — per-cell diagnostics at positions in that cell, definition into an earlier
cell, references and rename across cells — and cells come and go with the notebook's changes."""

import pytest
from lsprotocol import types

from test_navigation import pos, span, spans_of, apply

CELLS = [
    "const total = 1;\nfunction show(x) {\n  return x;\n}\n",
    "show(total);\nlet = ;\n",
    "await Promise.resolve(total);\nconst o = { total };\n",
]


def open_notebook(server, name="nb.ipynb", cells=CELLS):
    notebook = server.uri(name)
    uris = [f"vscode-notebook-cell:{server.root / name}#cell{i}" for i in range(len(cells))]
    server.client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=notebook,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[types.NotebookCell(kind=types.NotebookCellKind.Code, document=u) for u in uris],
            ),
            cell_text_documents=[
                types.TextDocumentItem(uri=u, language_id="javascript", version=1, text=t)
                for u, t in zip(uris, cells)
            ],
        )
    )
    return notebook, uris


async def test_cells_are_one_program_with_per_cell_positions(start_server):
    server = await start_server()
    sync = server.initialize_result.capabilities.notebook_document_sync
    assert sync is not None and sync.notebook_selector
    notebook, (first, second, third) = open_notebook(server)
    # Diagnostics per cell, where the mistake is in that cell; top-level await is fine in a cell.
    diagnostics = await server.settled_diagnostics(second, 1, lambda d: len(d) >= 1)
    assert [(d.range.start.line, d.range.start.character) for d in diagnostics] == [(1, 6)]
    assert await server.settled_diagnostics(first, 1, lambda d: d == []) == []
    assert await server.settled_diagnostics(third, 1, lambda d: d == []) == []
    # Definition of a name an earlier cell declares.
    result = await server.client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=second), position=pos(CELLS[1], "total"))
    )
    [target] = result if isinstance(result, list) else [result]
    assert target.uri == first
    assert spans_of([target]) == [span(CELLS[0], "total")]
    # References across the cells.
    refs = await server.client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=first),
            position=pos(CELLS[0], "total"),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    by_uri = {}
    for location in refs:
        by_uri.setdefault(location.uri, []).append(location)
    assert spans_of(by_uri[first]) == [span(CELLS[0], "total")]
    assert spans_of(by_uri[second]) == [span(CELLS[1], "total")]
    assert spans_of(by_uri[third]) == sorted([span(CELLS[2], "total", 0), span(CELLS[2], "total", 1)])
    # Rename from a later cell renames the declaration and every use (the shorthand keeps its key).
    edit = await server.client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=second), position=pos(CELLS[1], "total"), new_name="sum"
        )
    )
    assert apply(CELLS[0], edit.changes[first]).startswith("const sum = 1;")
    assert apply(CELLS[1], edit.changes[second]).startswith("show(sum);")
    assert apply(CELLS[2], edit.changes[third]) == "await Promise.resolve(sum);\nconst o = { total: sum };\n"
    # A name that would collide in any cell is refused, naming the cell.
    with pytest.raises(Exception) as refused:
        await server.client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri=first), position=pos(CELLS[0], "total"), new_name="o"
            )
        )
    assert "cell2" in str(refused.value)


async def test_notebook_changes_add_edit_and_close_cells(start_server):
    server = await start_server()
    notebook, uris = open_notebook(server)
    await server.settled_diagnostics(uris[1], 1, lambda d: len(d) >= 1)
    # Fix the mistake in cell 2 through the notebook's text change; add a fourth cell that uses `show`.
    new_cell = f"vscode-notebook-cell:{server.root / 'nb.ipynb'}#cell3"
    server.client.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(uri=notebook, version=2),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    structure=types.NotebookDocumentCellChangeStructure(
                        array=types.NotebookCellArrayChange(
                            start=3,
                            delete_count=0,
                            cells=[types.NotebookCell(kind=types.NotebookCellKind.Code, document=new_cell)],
                        ),
                        did_open=[types.TextDocumentItem(uri=new_cell, language_id="javascript", version=1, text="show(2);\n")],
                    ),
                    text_content=[
                        types.NotebookDocumentCellContentChanges(
                            document=types.VersionedTextDocumentIdentifier(uri=uris[1], version=2),
                            changes=[
                                types.TextDocumentContentChangePartial(
                                    range=types.Range(start=types.Position(line=1, character=0), end=types.Position(line=1, character=7)),
                                    text="let y = 2;",
                                )
                            ],
                        )
                    ],
                )
            ),
        )
    )
    assert await server.settled_diagnostics(uris[1], 2, lambda d: d == []) == []
    result = await server.client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=new_cell), position=types.Position(line=0, character=1))
    )
    [target] = result if isinstance(result, list) else [result]
    assert (target.uri, spans_of([target])) == (uris[0], [span(CELLS[0], "show")])
    # Closing the notebook clears every cell's diagnostics.
    server.client.notebook_document_did_close(
        types.DidCloseNotebookDocumentParams(
            notebook_document=types.NotebookDocumentIdentifier(uri=notebook),
            cell_text_documents=[types.TextDocumentIdentifier(uri=u) for u in [*uris, new_cell]],
        )
    )
    def cleared():
        last = {}
        for uri, version, diagnostics in server.publishes:
            last[uri] = (version, diagnostics)
        return all(last.get(u, (None, []))[1] == [] and last.get(u, (None, []))[0] is None for u in uris)
    await server.wait_for(cleared)
