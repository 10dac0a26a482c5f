# shellcheck shell=bash
# Sourced by bench/run.sh and bench/registry.sh: the options both take, parsed one way.
#   bench_args HELP_LINES "$@"
# Parses --runs N, --output FILE, --report-only and -h/--help (prints lines HELP_LINES, a sed range such as 2,10,
# of the calling script's header comment, and exits 0) into runs, output and report_only. Any other argument goes to
# the caller's bench_option function with the arguments that follow it: it sets its own variables, sets used=2 when
# it took a value as well, and returns 1 for an option it does not know (then: "bench: unknown argument", exit 2).
# shellcheck disable=SC2034 # runs, output, report_only and used are the sourcing script's variables
bench_args() {
  local help=$1; shift
  while [ $# -gt 0 ]; do
    used=1
    case "$1" in
      --runs) runs=$2; used=2 ;;
      --output) output=$2; used=2 ;;
      --report-only) report_only=1 ;;
      -h|--help) sed -n "${help}p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
      *) bench_option "$@" || { echo "bench: unknown argument $1" >&2; exit 2; } ;;
    esac
    shift "$used"
  done
}
