-- What the headless Neovim scripts share: start `vmjs lsp` as the README documents it and open a file in it,
-- then write the outcome as JSON to $VMJS_NVIM_OUT and quit once the server has stopped.
local M = {}

--- Starts the client ($VMJS_BIN lsp, folder $VMJS_NVIM_ROOT) and opens `file` attached to it; returns the
--- client id.
function M.open(file)
  local root = vim.env.VMJS_NVIM_ROOT
  local client_id = vim.lsp.start_client({
    name = "vmjs",
    cmd = { vim.env.VMJS_BIN, "lsp" },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = "ws" } },
    init_options = { databasePath = vim.env.VMJS_DB },
  })
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  vim.bo.filetype = "javascript"
  vim.lsp.buf_attach_client(0, client_id)
  return client_id
end

--- Writes `result` to $VMJS_NVIM_OUT, stops the client and quits.
function M.finish(client_id, result)
  local handle = io.open(vim.env.VMJS_NVIM_OUT, "w")
  handle:write(vim.fn.json_encode(result))
  handle:close()
  vim.lsp.stop_client(client_id)
  vim.wait(3000, function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end, 20)
  vim.cmd("qa!")
end

return M
