//! `Blob`, `File` and `FormData` as in Node 20 (`blob_formdata.js`, run by Node as a module, gave
//! `blob_formdata_node20.txt`): parts of every kind, `slice` with negative and reversed bounds, types, line
//! endings, reading as text, bytes and a stream, FormData's order and its `set`/`delete` rules, the values a
//! Blob or a File become, printing, and bodies — a Blob's type, FormData as multipart/form-data, read back by
//! `formData()` (multipart and urlencoded). A corpus notebook failed on `new Blob` and `new FormData()`.

use super::assert_cell_same_as_node;

#[test]
fn blob_file_and_formdata_are_nodes() {
    assert_cell_same_as_node(
        include_str!("blob_formdata.js"),
        "out.join('\\n')",
        include_str!("blob_formdata_node20.txt"),
    );
}
