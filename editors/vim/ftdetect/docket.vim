au BufRead,BufNewFile *.docket setfiletype docket
