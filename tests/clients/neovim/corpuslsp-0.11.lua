-- corpuslsp for Neovim 0.11+, through vim.lsp.config (0.11's API; the suite runs Debian's 0.7, so only this is untested).
vim.lsp.config('corpuslsp', {
  cmd = { vim.fn.exepath('corpuslsp') ~= '' and 'corpuslsp' or vim.fn.expand('~/.dotnet/tools/corpuslsp'), 'serve', '--stdio' },
  filetypes = { 'yaml', 'text' },
  root_markers = { 'corpus.yaml' },
})
vim.lsp.enable('corpuslsp')
