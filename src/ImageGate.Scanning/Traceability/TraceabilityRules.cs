using ImageGate.FileTrees;
using ImageGate.Scanning.Rules;
using ImageGate.Scanning.Services;

namespace ImageGate.Scanning.Traceability;

/// <summary><c>traceability/*</c>: a logging path that exists and is not disabled, a time service, no log wiping at boot,
/// no baked-in machine id.</summary>
internal static class TraceabilityRules
{
    /// <summary>Rule id <c>traceability/journald-disabled</c>.</summary>
    internal const string JournaldDisabled = "traceability/journald-disabled";

    /// <summary>Rule id <c>traceability/log-wiping</c>.</summary>
    internal const string LogWiping = "traceability/log-wiping";

    /// <summary>Rule id <c>traceability/logging-masked</c>.</summary>
    internal const string LoggingMasked = "traceability/logging-masked";

    /// <summary>Rule id <c>traceability/machine-id</c>.</summary>
    internal const string MachineId = "traceability/machine-id";

    /// <summary>Rule id <c>traceability/no-logging</c>.</summary>
    internal const string NoLogging = "traceability/no-logging";

    /// <summary>Rule id <c>traceability/no-time-service</c>.</summary>
    internal const string NoTimeService = "traceability/no-time-service";

    /// <summary>Rule id <c>traceability/var-log-discarded</c>.</summary>
    internal const string VarLogDiscarded = "traceability/var-log-discarded";

    public static IEnumerable<RawFinding> Run(IFileSystem fs)
    {
        var findings = new List<RawFinding>();

        // journald: the last Storage= in journald.conf, then the drop-ins in file-name order (later wins).
        var confs = new List<FileEntry>();
        if (FileTree.Resolve(fs, "/etc/systemd/journald.conf") is { Kind: EntryKind.File } main) confs.Add(main);
        var dropIns = new[] { "/usr/lib/systemd/journald.conf.d", "/lib/systemd/journald.conf.d", "/run/systemd/journald.conf.d", "/etc/systemd/journald.conf.d" }
            .SelectMany(d => FileTree.FilesIn(fs, d, n => n.EndsWith(".conf", StringComparison.Ordinal)))
            .GroupBy(e => e.Name).Select(g => g.Last()).OrderBy(e => e.Name, StringComparer.Ordinal);
        confs.AddRange(dropIns);
        (string Value, string Path)? storage = null;
        foreach (var conf in confs)
            foreach (var line in FileTree.ReadText(fs, conf).Split('\n'))
            {
                var t = line.Trim();
                if (t.StartsWith("Storage=", StringComparison.Ordinal)) storage = (t["Storage=".Length..].Trim(), conf.Path);
            }
        if (storage is { Value: "none" } s)
            findings.Add(new(JournaldDisabled, s.Path, "journald is configured with Storage=none: no logs are kept"));

        // Masked logging services.
        var units = new SystemdUnits(fs);
        foreach (var unit in new[] { "systemd-journald.service", "rsyslog.service", "syslog.service", "syslog-ng.service", "syslog.socket", "systemd-journald.socket" })
        {
            if (units.State(unit) is (UnitState.Masked, { } path))
                findings.Add(new(LoggingMasked, path, $"{unit} is masked (linked to /dev/null)"));
        }

        // /var/log itself.
        var varLog = fs.GetEntry("/var/log");
        if (varLog is { Kind: EntryKind.Symlink, LinkTarget: { } target } && FileTree.Normalize(target) == "/dev/null")
            findings.Add(new(VarLogDiscarded, "/var/log", "/var/log is a symlink to /dev/null"));
        else if (varLog is { Kind: EntryKind.CharDevice })
            findings.Add(new(VarLogDiscarded, "/var/log", "/var/log is a character device"));

        // Log wiping at boot: tmpfiles.d rules that remove /var/log, or boot scripts deleting it.
        foreach (var dir in new[] { "/etc/tmpfiles.d", "/usr/lib/tmpfiles.d", "/lib/tmpfiles.d" })
            foreach (var file in FileTree.FilesIn(fs, dir, n => n.EndsWith(".conf", StringComparison.Ordinal)))
                foreach (var line in FileTree.ReadText(fs, file).Split('\n'))
                {
                    var parts = line.Trim().Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length >= 2 && parts[0].TrimEnd('!', '-', '=', '~', '^', '+') is "R" or "D" or "r" &&
                        (parts[1] == "/var/log" || parts[1].StartsWith("/var/log/", StringComparison.Ordinal)))
                        findings.Add(new(LogWiping, file.Path, $"tmpfiles rule '{parts[0]} {parts[1]}' removes logs at boot"));
                }
        foreach (var script in new[] { "/etc/rc.local", "/etc/rc.d/rc.local" })
        {
            var text = FileTree.ReadText(fs, script);
            if (text is null) continue;
            foreach (var line in text.Split('\n'))
            {
                var t = line.Trim();
                if (!t.StartsWith('#') && (t.Contains("rm ", StringComparison.Ordinal) || t.Contains("truncate", StringComparison.Ordinal) || t.Contains("shred", StringComparison.Ordinal)) &&
                    t.Contains("/var/log", StringComparison.Ordinal))
                {
                    findings.Add(new(LogWiping, script, "a boot script deletes or truncates /var/log"));
                    break;
                }
            }
        }

        // A logging service that really runs: installed, and on a systemd image enabled and not masked.
        var logging = new[]
        {
            new Service("systemd-journald", ["/usr/lib/systemd/systemd-journald", "/lib/systemd/systemd-journald"], ["systemd-journald.service", "systemd-journald.socket"], Static: true),
            new Service("rsyslog", ["/usr/sbin/rsyslogd", "/sbin/rsyslogd"], ["rsyslog.service"]),
            new Service("syslog-ng", ["/usr/sbin/syslog-ng", "/sbin/syslog-ng"], ["syslog-ng.service"]),
            new Service("sysklogd", ["/sbin/syslogd", "/usr/sbin/syslogd", "/sbin/klogd"], ["syslogd.service", "sysklogd.service", "inetutils-syslogd.service", "busybox-syslogd.service"]),
        };
        var (loggingOn, loggingWhy) = Active(units, fs, logging, svc => svc.Name == "systemd-journald" && storage is { Value: "none", Path: var conf }
            ? (conf, $"systemd-journald keeps no logs (Storage=none in {conf})") : null);
        if (!loggingOn)
            findings.Add(new(NoLogging, loggingWhy.Path, loggingWhy.Message ?? "neither systemd-journald nor a syslog daemon is installed"));

        var time = new[]
        {
            new Service("systemd-timesyncd", ["/usr/lib/systemd/systemd-timesyncd", "/lib/systemd/systemd-timesyncd"], ["systemd-timesyncd.service"]),
            new Service("chrony", ["/usr/sbin/chronyd"], ["chrony.service", "chronyd.service"]),
            new Service("ntpd", ["/usr/sbin/ntpd"], ["ntpsec.service", "ntp.service", "ntpd.service"]),
            new Service("openntpd", ["/usr/sbin/openntpd"], ["openntpd.service"]),
            new Service("ntpd-rs", ["/usr/sbin/ntpd-rs", "/usr/bin/ntp-daemon"], ["ntpd-rs.service"]),
        };
        var (timeOn, timeWhy) = Active(units, fs, time, _ => null);
        if (!timeOn)
            findings.Add(new(NoTimeService, timeWhy.Path, timeWhy.Message ?? "no time synchronisation service (timesyncd, chrony, ntp) is installed"));

        // machine-id: must be empty (or "uninitialized") so each instance gets its own.
        foreach (var path in new[] { "/etc/machine-id", "/var/lib/dbus/machine-id" })
        {
            if (fs.GetEntry(path) is not { Kind: EntryKind.File } e) continue;
            var id = FileTree.ReadText(fs, e).Trim();
            if (id.Length > 0 && id != "uninitialized")
                findings.Add(new(MachineId, path, "a machine id is baked in: every instance would share it"));
        }
        return findings;
    }

    /// <summary>A service that may fill a role: its binaries and its systemd units (the first is the main one).
    /// A static unit (journald) needs no enablement link: systemd itself starts it unless it is masked.</summary>
    private sealed record Service(string Name, string[] Binaries, string[] Units, bool Static = false);

    /// <summary>Whether one of <paramref name="services"/> really runs: installed and, on a systemd image, with an
    /// enabled (or static) unit that is not masked. Otherwise the reason, naming what is installed but off and the file
    /// that decides it (the masking link or the unit file), for the finding.</summary>
    private static (bool On, (string Path, string? Message) Why) Active(SystemdUnits units, IFileSystem fs, Service[] services, Func<Service, (string Path, string Message)?> off)
    {
        var reasons = new List<(string Path, string Message)>();
        var systemd = units.IsSystemd;
        foreach (var service in services)
        {
            if (!FileTree.AnyExists(fs, service.Binaries)) continue;
            if (off(service) is { } why) { reasons.Add(why); continue; }
            var states = service.Units.Select(u => (Unit: u, State: units.State(u))).Where(x => x.State.State != UnitState.Missing).ToList();
            if (!systemd || states.Count == 0) return (true, ("/", null));
            if (states.FirstOrDefault(x => x.State.State == UnitState.Masked) is { Unit: not null } masked)
            {
                reasons.Add((masked.State.Path!, $"{service.Name} is installed but {masked.Unit} is masked (linked to /dev/null)"));
                continue;
            }
            if (service.Static || states.Any(x => x.State.State == UnitState.Enabled)) return (true, ("/", null));
            reasons.Add((states[0].State.Path!, $"{service.Name} is installed but {states[0].Unit} is not enabled (no *.wants/ link starts it at boot)"));
        }
        if (reasons.Count == 0) return (false, ("/", null));
        return (false, (reasons[0].Path, string.Join("; ", reasons.Select(r => r.Message))));
    }
}
