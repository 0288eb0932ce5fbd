# shellcheck shell=bash
# Shared by scripts/demo and scripts/bench: where things are, building what is stale, and the
# small statistics the scripts report. Source it; it defines functions and variables only.
#
# Environment:
#   LOX_MVN        the Maven command (default: mvn)
#   LOX_MVN_FLAGS  extra Maven flags, e.g. -o once the dependencies are downloaded
#   JAVA           the java command (default: java on the PATH)

# The repository root, whatever the caller's working directory.
LOX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

AGENT_JAR="$LOX_ROOT/agent/target/lox-agent.jar"
SAMPLES_JAR="$LOX_ROOT/samples/target/lox-samples.jar"
BENCH_JAR="$LOX_ROOT/benchmarks/target/benchmarks.jar"
BOOT_JAR="$LOX_ROOT/spring-boot-app/target/lox-spring-boot-app.jar"
# Process mode's benchmark lives with worker-launcher's tests (it drives WorkerPool directly).
PROCESS_BENCH_CLASS="$LOX_ROOT/worker-launcher/target/test-classes/dev/lox/worker/bench/ProcessBench.class"
CLUSTER_BENCH_CLASS="$LOX_ROOT/cluster/target/test-classes/dev/lox/cluster/bench/ClusterBench.class"
JAVA="${JAVA:-java}"

# Every JVM that may load Chronicle (the agent jar carries it) runs with analytics off.
# shellcheck disable=SC2034 # used by the scripts that source this file
NO_ANALYTICS="-Dchronicle.analytics.disable=true"

# Runs must not depend on the caller's environment: a LOX_CONFIG would add rules, and LOX_DEBUG
# would run every pool inline (no parallelism to show or measure).
unset LOX_CONFIG LOX_DEBUG

# Messages go to stderr so that stdout stays the results alone.
say() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The source trees and poms each built jar depends on: if any file there is newer than the jar,
# the jar is stale.
sources_of() {
    case "$1" in
        # the agent jar is built from these modules (agent only packages them; it nests cluster's too)
        agent)      echo "$LOX_ROOT/pom.xml $LOX_ROOT/api $LOX_ROOT/worker-launcher $LOX_ROOT/cluster $LOX_ROOT/agent-core $LOX_ROOT/agent-rewriter $LOX_ROOT/agent" ;;
        samples)    echo "$LOX_ROOT/pom.xml $LOX_ROOT/samples" ;;
        benchmarks) echo "$LOX_ROOT/pom.xml $LOX_ROOT/api $LOX_ROOT/benchmarks" ;;
        worker-launcher) echo "$LOX_ROOT/pom.xml $LOX_ROOT/api $LOX_ROOT/worker-launcher" ;;
        cluster)    echo "$LOX_ROOT/pom.xml $LOX_ROOT/api $LOX_ROOT/worker-launcher $LOX_ROOT/cluster" ;;
        spring-boot-app) echo "$LOX_ROOT/pom.xml $LOX_ROOT/spring-boot-app" ;;
        *) die "sources_of: unknown module '$1'" ;;
    esac
}

jar_of() {
    case "$1" in
        agent) echo "$AGENT_JAR" ;;
        samples) echo "$SAMPLES_JAR" ;;
        benchmarks) echo "$BENCH_JAR" ;;
        # Not a jar: what scripts/bench runs from this module is a test class (package compiles it).
        worker-launcher) echo "$PROCESS_BENCH_CLASS" ;;
        cluster) echo "$CLUSTER_BENCH_CLASS" ;;
        spring-boot-app) echo "$BOOT_JAR" ;;
        *) die "jar_of: unknown module '$1'" ;;
    esac
}

# is_stale MODULE: true if the module's jar is missing or older than one of its sources
# (target/ folders excluded: they are outputs).
is_stale() {
    local jar newer
    jar="$(jar_of "$1")"
    [[ -f "$jar" ]] || return 0
    # shellcheck disable=SC2046
    newer="$(find $(sources_of "$1") -path '*/target' -prune -o -type f -newer "$jar" -print -quit 2>/dev/null)"
    [[ -n "$newer" ]]
}

# build_if_stale MODULE...: one Maven run for every stale module (and what it needs), saying so.
build_if_stale() {
    local stale=() module
    for module in "$@"; do
        if is_stale "$module"; then
            stale+=("$module")
        fi
    done
    if ((${#stale[@]} == 0)); then
        return 0
    fi
    local list
    list="$(IFS=,; echo "${stale[*]}")"
    local flags=() cmd
    read -r -a flags <<<"${LOX_MVN_FLAGS:-}"
    cmd=("${LOX_MVN:-mvn}" -B -q "${flags[@]}" -DskipTests -pl "$list" -am package)
    say "building (stale or missing: ${stale[*]}): (cd $LOX_ROOT && ${cmd[*]})"
    (cd "$LOX_ROOT" && "${cmd[@]}") >&2 || die "the build failed; run the command above to see why"
}

# has_agent: true if the agent jar exists. It lands on main with the agent branch; until then the
# agent's parts of the demo and the benchmarks cannot run.
has_agent() { [[ -f "$AGENT_JAR" ]]; }

# has_agent_sources: true once the agent's sources are in this tree; before that, building the agent
# module makes no lox-agent.jar, so there is no point trying on every run.
has_agent_sources() { [[ -d "$LOX_ROOT/agent-core/src/main" ]]; }

require_agent() {
    has_agent || die "$AGENT_JAR does not exist: this tree has no agent yet (it comes with the agent branch; \
once it is on main, 'git merge main' and run again), or its build did not make lox-agent.jar"
}

# The machine is shared: every figure is reported with the load it was measured under.
load_average() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }

# now_ns: a monotonic enough clock for whole-process timing (date, so that no tool is needed).
now_ns() { date +%s%N; }

# median: of the numbers on stdin, one per line (the mean of the middle two for an even count).
median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A / B to two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "nan"; else printf "%.2f\n", a / b }'; }
