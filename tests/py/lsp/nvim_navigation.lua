-- Headless Neovim as the LSP client of `vmjs lsp` for navigation: go to a definition in another file with
-- vim.lsp.buf.definition() (the `gd`-style command users map), then rename a symbol with vim.lsp.buf.rename()
-- and read back what Neovim applied to both buffers. The outcome is written as JSON to $VMJS_NVIM_OUT.
local bin = vim.env.VMJS_BIN
local root = vim.env.VMJS_NVIM_ROOT
local main = root .. "/main.js"
local lib = root .. "/lib.js"
local out = vim.env.VMJS_NVIM_OUT

local result = {}

local client_id = vim.lsp.start_client({
  name = "vmjs",
  cmd = { bin, "lsp" },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = "ws" } },
  init_options = { databasePath = vim.env.VMJS_DB },
})

vim.cmd("edit " .. vim.fn.fnameescape(main))
vim.bo.filetype = "javascript"
vim.lsp.buf_attach_client(0, client_id)
vim.wait(10000, function()
  local client = vim.lsp.get_client_by_id(client_id)
  return client ~= nil and client.initialized
end, 20)

-- Cursor on `helper` in `helper(21)` (line 2, column 12), then go to its definition.
vim.api.nvim_win_set_cursor(0, { 2, 12 })
vim.lsp.buf.definition()
result.jumped = vim.wait(10000, function()
  return vim.api.nvim_buf_get_name(0) == lib
end, 20)
result.definition_file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ":t")
result.definition_cursor = vim.api.nvim_win_get_cursor(0)

-- Back in main.js: rename `helper` to `double` everywhere.
vim.cmd("edit " .. vim.fn.fnameescape(main))
vim.api.nvim_win_set_cursor(0, { 2, 12 })
vim.lsp.buf.rename("double")
result.renamed = vim.wait(10000, function()
  return vim.api.nvim_buf_get_lines(0, 1, 2, false)[1]:find("double") ~= nil
end, 20)
result.main = vim.api.nvim_buf_get_lines(vim.fn.bufnr(main), 0, -1, false)
result.lib = vim.api.nvim_buf_get_lines(vim.fn.bufnr(lib), 0, -1, false)

local handle = io.open(out, "w")
handle:write(vim.fn.json_encode(result))
handle:close()
vim.lsp.stop_client(client_id)
vim.wait(3000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 20)
vim.cmd("qa!")
