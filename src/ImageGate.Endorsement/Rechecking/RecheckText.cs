using System.Globalization;
using System.Text;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Patches;

namespace ImageGate.Endorsement.Rechecking;

/// <summary>The revocation reason and pull-request details for an image that misses security updates. The reason
/// depends only on what is missing, so a nightly re-run leaves an open revocation unchanged.</summary>
internal static class RecheckText
{
    private const int ReasonPackages = 5;
    private const int MaxRows = 250;

    public static string Reason(IReadOnlyList<MissingUpdate> missing)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"misses {missing.Count} security update(s): ");
        b.AppendJoin("; ", missing.Take(ReasonPackages).Select(One));
        if (missing.Count > ReasonPackages) b.Append(CultureInfo.InvariantCulture, $"; and {missing.Count - ReasonPackages} more");
        return b.ToString();
    }

    /// <summary><c>openssl 3.0.11-1~deb12u2 → 3.0.17-1~deb12u3 (ALSA-2026:1234)</c>.</summary>
    public static string One(MissingUpdate m)
    {
        var s = $"{m.Package} {m.InstalledVersion} -> {m.FixedVersion}";
        return m.Advisories.Count == 0 ? s : $"{s} ({string.Join(", ", m.Advisories.Select(a => a.Id))})";
    }

    public static string Details(IReadOnlyList<MissingUpdate> missing, IReadOnlyList<RepositoryMetadata> metadata)
    {
        var b = new StringBuilder("### Missing security updates (imagegate recheck)\n\n");
        b.Append("| package | arch | installed | fixed | advisories | repository |\n|---|---|---|---|---|---|\n");
        foreach (var m in missing.Take(MaxRows))
        {
            var advisories = m.Advisories.Count == 0
                ? "(none named in the metadata)"
                : string.Join(", ", m.Advisories.Select(a => a.Id + (a.Severity is null ? "" : $" {a.Severity}") + (a.Cves.Count == 0 ? "" : $" [{string.Join(", ", a.Cves)}]")));
            b.Append(CultureInfo.InvariantCulture,
                $"| {Markdown.Code(m.Package)} | {Markdown.Cell(m.Arch)} | {Markdown.Cell(m.InstalledVersion)} | {Markdown.Cell(m.FixedVersion)} | {Markdown.Cell(advisories, 1000)} | {Markdown.Cell(m.Repository)} |\n");
        }
        if (missing.Count > MaxRows) b.Append(CultureInfo.InvariantCulture, $"\n… and {missing.Count - MaxRows} more.\n");
        if (metadata.Count > 0)
        {
            b.Append("\nRepository metadata used:\n\n");
            foreach (var r in metadata)
                b.Append(CultureInfo.InvariantCulture,
                    $"- {Markdown.Cell(r.Repository)}{(r.Security ? " (security)" : "")}: dated {(r.Date is { } d ? Format.ListJson.Time(d) : "(no date)")}, `{Markdown.Cell(r.Digest)}`\n");
        }
        return b.ToString();
    }
}
