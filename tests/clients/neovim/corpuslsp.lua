-- corpuslsp for Neovim 0.7+: one client per corpus (the folder with corpus.yaml, else the file's folder),
-- attached to YAML sidecars and .txt articles. Put this in init.lua.
local corpuslsp = vim.fn.exepath('corpuslsp') ~= '' and 'corpuslsp' or vim.fn.expand('~/.dotnet/tools/corpuslsp')
local clients = {}
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'yaml', 'text' },
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    local folder = vim.fn.fnamemodify(file, ':p:h')
    local config = vim.fn.findfile('corpus.yaml', folder .. ';')
    local root = config ~= '' and vim.fn.fnamemodify(config, ':p:h') or folder
    if not clients[root] or vim.lsp.client_is_stopped(clients[root]) then
      clients[root] = vim.lsp.start_client({ name = 'corpuslsp', cmd = { corpuslsp, 'serve', '--stdio' }, root_dir = root })
    end
    vim.lsp.buf_attach_client(args.buf, clients[root])
    vim.bo[args.buf].omnifunc = 'v:lua.vim.lsp.omnifunc'
  end,
})
