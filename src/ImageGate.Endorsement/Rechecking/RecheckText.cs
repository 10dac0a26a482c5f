using System.Globalization;
using System.Text;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Patches;

namespace ImageGate.Endorsement.Rechecking;

/// <summary>The texts of a re-check: the revocation reason and pull-request details for an image that misses security
/// updates (the reason depends only on what is missing, so a nightly re-run leaves an open revocation unchanged), the
/// console line of one missing update and the job summary.</summary>
public static class RecheckText
{
    private const int ReasonPackages = 5;
    private const int MaxRows = 250;

    /// <summary>The revocation reason: how many updates are missing and the first few of them.</summary>
    public static string Reason(IReadOnlyList<MissingUpdate> missing)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"misses {missing.Count} security update(s): ");
        b.AppendJoin("; ", missing.Take(ReasonPackages).Select(One));
        if (missing.Count > ReasonPackages) b.Append(CultureInfo.InvariantCulture, $"; and {missing.Count - ReasonPackages} more");
        return b.ToString();
    }

    /// <summary><c>openssl 3.0.11-1~deb12u2 -> 3.0.17-1~deb12u3 (ALSA-2026:1234)</c>.</summary>
    public static string One(MissingUpdate m)
    {
        var s = $"{m.Package} {m.InstalledVersion} -> {m.FixedVersion}";
        return m.Advisories.Count == 0 ? s : $"{s} ({string.Join(", ", m.Advisories.Select(a => a.Id))})";
    }

    /// <summary><c>openssl (amd64) 3.0.11-1~deb12u2 -> 3.0.17-1~deb12u3 [DSA-1234-1]</c>: one missing update on the console.</summary>
    public static string Line(MissingUpdate m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var s = $"{m.Package} ({m.Arch}) {m.InstalledVersion} -> {m.FixedVersion}";
        return m.Advisories.Count == 0 ? s : $"{s} [{string.Join(", ", m.Advisories.Select(a => a.Id))}]";
    }

    /// <summary>The markdown job summary: one row per image with its status and message (untrusted text made safe).</summary>
    public static string Summary(RecheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var b = new StringBuilder("### imagegate recheck\n\n| image | status | detail |\n|---|---|---|\n");
        foreach (var i in result.Images)
        {
            var detail = i.Revocation?.PullRequest is { } pr ? $"{i.Message} — revocation {pr.Url}" : i.Message;
            b.Append(CultureInfo.InvariantCulture, $"| {Markdown.Code(i.Image.ToString())} | {StatusName(i.Status)} | {Markdown.Cell(detail, 1000)} |\n");
        }
        if (result.Images.Count == 0) b.Append("| (none) | | no image is currently endorsed |\n");
        return b.ToString();
    }

    /// <summary>The status as reports spell it: current, missing-updates, no-inventory, failed.</summary>
    public static string StatusName(RecheckStatus status) => status switch
    {
        RecheckStatus.Current => "current",
        RecheckStatus.MissingUpdates => "missing-updates",
        RecheckStatus.NoInventory => "no-inventory",
        _ => "failed",
    };

    /// <summary>The pull-request details: a table of the missing updates and the repository metadata used.</summary>
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
                    $"- {Markdown.Cell(r.Repository)}{(r.Security ? " (security)" : "")}: dated {(r.Date is { } d ? ListJson.Time(d) : "(no date)")}, {Markdown.Code(r.Digest)}\n");
        }
        return b.ToString();
    }
}
