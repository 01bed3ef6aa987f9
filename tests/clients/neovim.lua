-- Drives the real server from headless Neovim (a third-party LSP client): open a sidecar with a planted
-- error, wait for diagnostics, request hover and completion, write what Neovim got to $OUT as JSON.
local root = os.getenv('CORPUS')
local out_path = os.getenv('OUT')
local out = { diagnostics = {}, errors = {} }

local function finish()
  local f = io.open(out_path, 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'corpuslsp',
    cmd = { 'dotnet', os.getenv('SERVER_DLL'), 'serve', '--stdio' },
    root_dir = root,
    settings = { corpuslsp = { diagnostics = { disabled = {} } } },
  })
  vim.cmd('edit ' .. root .. '/003_822e10b602b157a7.yaml')
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'yaml'
  vim.lsp.buf_attach_client(buf, client_id)

  out.got_diagnostics = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(out.diagnostics, { code = code, message = d.message, lnum = d.lnum, col = d.col, severity = d.severity })
  end

  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local function find(pattern)
    for i, l in ipairs(lines) do
      local s, e = l:find(pattern)
      if s then return i - 1, s, e end
    end
  end

  -- Hover on a linked place.
  local hl, hs = find('text: Deir al%-Zor')
  vim.api.nvim_win_set_cursor(0, { hl + 1, hs + 7 })
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', vim.lsp.util.make_position_params(), 10000)
  out.hover = hover and hover[client_id] and hover[client_id].result and hover[client_id].result.contents.value

  -- Completion right after `ref: ` of the Deir al-Zor place.
  local rl, _, re = find('ref: geonames:170794')
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = rl, character = re - 15 } }
  local completion = vim.lsp.buf_request_sync(buf, 'textDocument/completion', params, 10000)
  local result = completion and completion[client_id] and completion[client_id].result
  out.completion = {}
  for i, item in ipairs((result and (result.items or result)) or {}) do
    if i <= 5 then table.insert(out.completion, { label = item.label, insert = item.textEdit and item.textEdit.newText }) end
  end
  vim.lsp.stop_client(client_id)
end)
if not ok then table.insert(out.errors, tostring(err)) end
finish()
