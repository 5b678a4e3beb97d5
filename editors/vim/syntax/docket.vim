" Vim syntax file
" Language:    Docket (children's-services procedures as policies)
" Filenames:   *.docket
" Install:     copy editors/vim/ into ~/.vim (or a package directory); the
"              ftdetect line below, in ~/.vim/ftdetect/docket.vim, sets the
"              filetype:  au BufRead,BufNewFile *.docket setfiletype docket
" The keyword lists are the scanner's (lang/lexer.l) and the unit words are
" lang/units.c's; tests/grammar-check.py keeps the TextMate grammar in step,
" and tests/vim-check.sh checks this file names every keyword.

if exists("b:current_syntax")
  finish
endif

syn keyword docketDeclaration policy import role enum event state rule test uncited mutant edition extend
syn keyword docketMetadata    title authority version review calendar source cite says note because
syn keyword docketKeyword     when as where if unless while overrides must next require due within of by between before after at from until for given with expect on inclusive extended to
syn keyword docketOperatorWord and or not in
syn keyword docketQuery       first last count exists
syn keyword docketBoolean     true false
syn keyword docketStatus      met late overdue pending breached cancelled none nothing obligation obligations
syn keyword docketUnit        working day days week weeks month months year years hour hours

syn match   docketRuleName    "\%(^\s*rule\s\+\)\@<=\h\w*"
syn match   docketTypeName    "\%(^\s*\%(role\|event\|state\|enum\)\s\+\)\@<=\h\w*"
syn match   docketNumber      "\<\d\+\>"
" A date is defined after numbers so that it wins where both match.
syn match   docketDate        "\<\d\{4}-\d\{2}-\d\{2}\%([T ]\d\{2}:\d\{2}\%(:\d\{2}\)\=\)\=\>"
syn match   docketOperator    "!=\|<=\|>=\|[<>=+-]"
syn match   docketEscape      contained "\\[\"\\nt]"
syn region  docketString      start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ contains=docketEscape oneline
syn match   docketComment     "#.*$" contains=@Spell

hi def link docketDeclaration  Statement
hi def link docketMetadata     PreProc
hi def link docketKeyword      Keyword
hi def link docketOperatorWord Operator
hi def link docketQuery        Function
hi def link docketBoolean      Boolean
hi def link docketStatus       Constant
hi def link docketUnit         Type
hi def link docketRuleName     Function
hi def link docketTypeName     Identifier
hi def link docketDate         Number
hi def link docketNumber       Number
hi def link docketOperator     Operator
hi def link docketEscape       SpecialChar
hi def link docketString       String
hi def link docketComment      Comment

let b:current_syntax = "docket"
