using ImageGate.DiskImages;
using ImageGate.Scanning.Rules;

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

    private static readonly string[] UnitDirs = ["/etc/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"];

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
        foreach (var unit in new[] { "systemd-journald.service", "rsyslog.service", "syslog.service", "syslog-ng.service", "syslog.socket", "systemd-journald.socket" })
        {
            var path = $"/etc/systemd/system/{unit}";
            if (fs.GetEntry(path) is { Kind: EntryKind.Symlink, LinkTarget: "/dev/null" })
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

        // A logging service at all.
        var journald = FileTree.AnyExists(fs, "/usr/lib/systemd/systemd-journald", "/lib/systemd/systemd-journald");
        var syslog = FileTree.AnyExists(fs, "/usr/sbin/rsyslogd", "/sbin/rsyslogd", "/usr/sbin/syslog-ng", "/sbin/syslog-ng", "/sbin/syslogd", "/usr/sbin/syslogd", "/sbin/klogd");
        if (!journald && !syslog)
            findings.Add(new(NoLogging, "/", "neither systemd-journald nor a syslog daemon is installed"));

        var time = FileTree.AnyExists(fs, "/usr/lib/systemd/systemd-timesyncd", "/lib/systemd/systemd-timesyncd", "/usr/sbin/chronyd", "/usr/sbin/ntpd",
            "/usr/sbin/openntpd", "/usr/sbin/ntpd-rs") || UnitDirs.Any(d => FileTree.AnyExists(fs, $"{d}/chronyd.service", $"{d}/chrony.service", $"{d}/ntpsec.service"));
        if (!time)
            findings.Add(new(NoTimeService, "/", "no time synchronisation service (timesyncd, chrony, ntp) is installed"));

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
}
