# bash completion for docket. Installed by `make install` into
# PREFIX/share/bash-completion/completions/docket; or source it from ~/.bashrc.
#
# The commands, each command's options and the values an option takes
# (`--format text|json|...`) are read from docket's own help text, so the
# completion follows the installed version.

_docket_commands()
{
    command docket --help 2>/dev/null | sed -n 's/^  \([a-z][a-z]*\)  *.*/\1/p'
}

_docket()
{
    local cur prev cmd usage values
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$(_docket_commands) --help --version -V" -- "$cur"))
        return
    fi
    cmd=${COMP_WORDS[1]}
    if [ "$cmd" = help ]; then
        [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "$(_docket_commands) codes" -- "$cur"))
        return
    fi
    if [ "$prev" = --diagnostics ]; then
        COMPREPLY=($(compgen -W "text json" -- "$cur"))
        return
    fi
    usage=$(command docket "$cmd" --help 2>/dev/null)
    case $prev in
        --*)
            values=$(printf '%s\n' "$usage" | grep -o -- "$prev [a-z]*|[a-z|]*" | head -n 1 | cut -d' ' -f2 | tr '|' ' ')
            if [ -n "$values" ]; then
                COMPREPLY=($(compgen -W "$values" -- "$cur"))
                return
            fi
            ;;
    esac
    if [ "${cur#-}" != "$cur" ]; then
        COMPREPLY=($(compgen -W "$(printf '%s\n' "$usage" | grep -o -- '--[a-z][a-z-]*' | sort -u) --diagnostics --help" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}

complete -o filenames -o bashdefault -F _docket docket
