-- Headless Neovim (0.7+) as an LSP client of `vmjs lsp`: the setup the README documents, driven to a result.
-- Inputs come from the environment; the outcome is written as JSON to $VMJS_NVIM_OUT.
local bin = vim.env.VMJS_BIN
local root = vim.env.VMJS_NVIM_ROOT
local file = vim.env.VMJS_NVIM_FILE
local out = vim.env.VMJS_NVIM_OUT

local result = { diagnostics = {}, cleared = false, run = nil }

local client_id = vim.lsp.start_client({
  name = "vmjs",
  cmd = { bin, "lsp" },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = "ws" } },
  init_options = { databasePath = vim.env.VMJS_DB },
})

vim.cmd("edit " .. vim.fn.fnameescape(file))
vim.bo.filetype = "javascript"
vim.lsp.buf_attach_client(0, client_id)

result.got = vim.wait(20000, function()
  return #vim.diagnostic.get(0) > 0
end, 20)
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, message = d.message, source = d.source })
end

-- Fix the text: the diagnostics go away.
vim.api.nvim_buf_set_lines(0, 0, -1, false, { "const x = 1;", "console.log(x + 1);" })
result.cleared = vim.wait(20000, function()
  return #vim.diagnostic.get(0) == 0
end, 20)

-- The code lens command works from Neovim too.
local client = vim.lsp.get_client_by_id(client_id)
local response = client.request_sync("workspace/executeCommand", {
  command = "vmjs.runFile",
  arguments = { { uri = vim.uri_from_bufnr(0) } },
}, 20000, 0)
if response and response.result then
  result.run = response.result.status
end

local handle = io.open(out, "w")
handle:write(vim.fn.json_encode(result))
handle:close()
vim.lsp.stop_client(client_id)
vim.wait(3000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 20)
vim.cmd("qa!")
