-- Run by tests/neovim.rs after the setup of editors/neovim.md opened a file
-- with an error on its fourth line: waits for the diagnostic, records it,
-- fixes the line, waits for the diagnostics to clear, and writes the
-- results as JSON to $WF_NVIM_OUT.
local buf = vim.api.nvim_get_current_buf()
local seen = vim.wait(20000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
local first = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(first, { lnum = d.lnum, col = d.col, code = d.code, message = d.message })
end
vim.api.nvim_buf_set_lines(buf, 3, 4, false, { '  send_email("welcome")' })
local cleared = vim.wait(20000, function()
  return #vim.diagnostic.get(buf) == 0
end, 50)
local out = io.open(os.getenv("WF_NVIM_OUT"), "w")
out:write(vim.fn.json_encode({ seen = seen, first = first, cleared = cleared }))
out:close()
vim.cmd("qa!")
