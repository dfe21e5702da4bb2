-- Headless Neovim (0.7+) as an LSP client of `vmjs lsp`: the setup the README documents, driven to a result.
-- Inputs come from the environment; the outcome is written as JSON to $VMJS_NVIM_OUT.
local vmjs = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":h") .. "/nvim_vmjs.lua")
local file = vim.env.VMJS_NVIM_FILE

local result = { diagnostics = {}, cleared = false, run = nil }

local client_id = vmjs.open(file)

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

vmjs.finish(client_id, result)
