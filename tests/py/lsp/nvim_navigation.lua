-- Headless Neovim as the LSP client of `vmjs lsp` for navigation: go to a definition in another file with
-- vim.lsp.buf.definition() (the `gd`-style command users map), then rename a symbol with vim.lsp.buf.rename()
-- and read back what Neovim applied to both buffers. The outcome is written as JSON to $VMJS_NVIM_OUT.
local vmjs = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":h") .. "/nvim_vmjs.lua")
local root = vim.env.VMJS_NVIM_ROOT
local main = root .. "/main.js"
local lib = root .. "/lib.js"

local result = {}

local client_id = vmjs.open(main)
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

vmjs.finish(client_id, result)
