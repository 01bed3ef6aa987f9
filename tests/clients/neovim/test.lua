-- Drives the real server from headless Neovim through the README's configuration (CONFIG, loaded as a user's init.lua
-- would be), with `corpuslsp` on PATH. FLOW names what to do; what Neovim got is written to $OUT as JSON.
-- Requests go through the client Neovim attached; completion is filtered and sorted exactly as vim.lsp.omnifunc does,
-- code actions are applied with vim.lsp.util.apply_workspace_edit, as vim.lsp.buf.code_action does.
local root = os.getenv('CORPUS')
local out_path = os.getenv('OUT')
local flow = os.getenv('FLOW')
local util = vim.lsp.util
local out = { flow = flow, errors = {} }

local function finish()
  local f = io.open(out_path, 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qa!')
end

dofile(os.getenv('CONFIG'))

--- Opens a corpus file; the configuration's FileType autocmd attaches the client.
local function open(name)
  vim.cmd('edit ' .. root .. '/' .. name)
  local buf = vim.api.nvim_get_current_buf()
  local attached = vim.wait(20000, function() return next(vim.lsp.buf_get_clients(buf)) ~= nil end, 20)
  if not attached then error('no client attached to ' .. name .. ' (filetype ' .. vim.bo[buf].filetype .. ')') end
  local _, client = next(vim.lsp.buf_get_clients(buf))
  return buf, client
end

local function find(buf, pattern, after)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if i > (after or 0) then
      local s, e = l:find(pattern)
      if s then return i - 1, s, e end
    end
  end
  error('no line matches ' .. pattern)
end

local function request(buf, client, method, params)
  local response = vim.lsp.buf_request_sync(buf, method, params, 15000)
  local r = response and response[client.id]
  if r and r.err then error(method .. ': ' .. vim.inspect(r.err)) end
  return r and r.result
end

local function code_of(d) return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) end

local function diagnostics(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, { code = code_of(d), message = d.message, lnum = d.lnum, col = d.col })
  end
  return list
end

--- Waits until the buffer's diagnostics satisfy pred (given the list of codes).
local function wait_diagnostics(buf, pred)
  return vim.wait(60000, function()
    local codes = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do codes[code_of(d) or ''] = true end
    return pred(codes)
  end, 50)
end

--- Completion at the end of a line the test has typed, as the user gets it from <C-x><C-o>: vim.lsp.omnifunc's start
--- column (the items' common textEdit start, else the keyword start), its prefix filter and its sort.
local function complete(buf, client, line)
  local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
  -- The cursor after the typed text, as in insert mode (normal mode, where this script runs, would clamp it onto the
  -- last character).
  local result = request(buf, client, 'textDocument/completion',
    { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = vim.str_utfindex(text) } })
  local items = util.extract_completion_items(result or {})
  local start
  for _, item in ipairs(items) do
    if item.textEdit and item.textEdit.range.start.line == line then
      local c = item.textEdit.range.start.character
      if start and start ~= c then start = nil break end
      start = c
    end
  end
  start = start and vim.str_byteindex(text, start, true) or vim.fn.match(text, '\\k*$')
  local prefix = text:sub(start + 1)
  local words = {}
  for i, m in ipairs(util.text_document_completion_list_to_complete_items(result or {}, prefix)) do
    if i <= 8 then table.insert(words, { word = m.word, abbr = m.abbr }) end
  end
  -- What a completion plugin (nvim-cmp and the like) shows: items whose filterText (else label) holds the typed word,
  -- ignoring case, in sortText order. Neovim 0.7's omnifunc instead keeps only items whose inserted text starts with it.
  local word = text:sub(vim.fn.match(text, '\\k*$') + 1):lower()
  local plugin = vim.tbl_filter(function(item) return (item.filterText or item.label):lower():find(word, 1, true) ~= nil end, items)
  table.sort(plugin, function(a, b) return (a.sortText or a.label) < (b.sortText or b.label) end)
  local listed = {}
  for i, item in ipairs(plugin) do
    if i <= 8 then table.insert(listed, { label = item.label, insert = item.textEdit and item.textEdit.newText or item.insertText or item.label }) end
  end
  return { prefix = prefix, words = words, plugin = listed, incomplete = result and result.isIncomplete or false, count = #items }
end

--- The code actions at a line; applies the first whose title contains `title` and returns the titles offered.
local function apply_action(buf, client, line, title)
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 200 } },
    context = { diagnostics = {} } }
  local actions = request(buf, client, 'textDocument/codeAction', params) or {}
  local titles, applied = {}, nil
  for _, a in ipairs(actions) do
    table.insert(titles, a.title)
    if not applied and a.edit and (title == '' and a.kind == 'quickfix' or title ~= '' and a.title:find(title, 1, true)) then
      util.apply_workspace_edit(a.edit, client.offset_encoding)
      applied = a.title
    end
  end
  return titles, applied
end

local flows = {}

-- The planted errors (see the test): 'Kanaser' as a place text (CLS011), the `fled` event dated a Tuesday though the
-- text says Wednesday (CLS031, whose fix sets the date).
function flows.basics()
  local buf, client = open('003_822e10b602b157a7.yaml')
  out.got_diagnostics = wait_diagnostics(buf, function(codes) return codes.CLS011 and codes.CLS031 end)
  out.diagnostics = diagnostics(buf)

  local hl, hs = find(buf, 'text: Deir al%-Zor')
  vim.api.nvim_win_set_cursor(0, { hl + 1, hs + 7 })
  local hover = request(buf, client, 'textDocument/hover', util.make_position_params())
  out.hover = hover and hover.contents.value

  local rl = find(buf, 'ref: geonames:170794')
  -- Typed so far: the scheme's first letters.
  vim.api.nvim_buf_set_lines(buf, rl, rl + 1, false, { '    ref: geo' })
  out.completion = complete(buf, client, rl)
  vim.api.nvim_buf_set_lines(buf, rl, rl + 1, false, { '    ref: geonames:170794' })

  local fl = find(buf, 'when: Wednesday')
  out.actions, out.applied = apply_action(buf, client, fl, '2016-02-24')
  out.fled_date = vim.api.nvim_buf_get_lines(buf, fl - 1, fl, false)[1]
  out.fixed = wait_diagnostics(buf, function(codes) return not codes.CLS031 end)
end

-- The issue-17 flows, on the example corpus as it is (article 003 and its sidecar).
local SIDECAR, ARTICLE = '003_822e10b602b157a7.yaml', '003_822e10b602b157a7.txt'

--- The `ref:` line of the place whose text line matches `text_pattern`.
local function ref_line(buf, text_pattern)
  local tl = find(buf, text_pattern)
  return find(buf, '^%s+ref: ', tl + 1)
end

-- Typing `ref: geonames:` under the "Deir al-Zor" place.
function flows.geonames_prefix()
  local buf, client = open(SIDECAR)
  wait_diagnostics(buf, function(codes) return next(codes) ~= nil end)
  local rl = ref_line(buf, 'text: Deir al%-Zor')
  vim.api.nvim_buf_set_lines(buf, rl, rl + 1, false, { '    ref: geonames:' })
  out.completion = complete(buf, client, rl)
end

-- Typing `ref: Idl` under the Idlib place.
function flows.idlib_name()
  local buf, client = open(SIDECAR)
  wait_diagnostics(buf, function(codes) return next(codes) ~= nil end)
  local rl = ref_line(buf, 'text: Idlib$')
  vim.api.nvim_buf_set_lines(buf, rl, rl + 1, false, { '    ref: Idl' })
  out.completion = complete(buf, client, rl)
end

-- A misspelt mention text, `Idlibb`: CLS011 and a quick fix that applies.
function flows.mention_fix()
  local buf, client = open(SIDECAR)
  local tl = find(buf, 'text: Idlib$')
  vim.api.nvim_buf_set_lines(buf, tl, tl + 1, false, { '    text: Idlibb' })
  out.got_diagnostics = wait_diagnostics(buf, function(codes) return codes.CLS011 end)
  out.diagnostics = diagnostics(buf)
  out.actions, out.applied = apply_action(buf, client, tl, '')
  out.line = vim.api.nvim_buf_get_lines(buf, tl, tl + 1, false)[1]
  out.fixed = wait_diagnostics(buf, function(codes) return not codes.CLS011 end)
end

-- One "Khanaser" of the article replaced by "Kanaser": a diagnostic on the article.
function flows.article_drift()
  local buf = open(ARTICLE)
  local line, s, e = find(buf, 'Khanaser')
  vim.api.nvim_buf_set_text(buf, line, s - 1, line, e, { 'Kanaser' })
  out.got_diagnostics = wait_diagnostics(buf, function(codes) return next(codes) ~= nil end)
  out.diagnostics = diagnostics(buf)
  out.line = line
end

local ok, err = pcall(function()
  if not flows[flow] then error('unknown flow ' .. tostring(flow)) end
  flows[flow]()
end)
if not ok then table.insert(out.errors, tostring(err)) end
finish()
