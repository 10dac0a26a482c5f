using ImageGate.Core.Errors;
using ImageGate.Core.Packages;
using ImageGate.FileTrees;
using ImageGate.Patches.Apt;
using ImageGate.Patches.Fetching;
using ImageGate.Patches.Yum;

namespace ImageGate.Patches;

/// <summary>Checks that an image (or a recorded inventory) has every security update its own repositories offer,
/// using the distribution's signed metadata (apt InRelease + Packages; yum repomd + primary + updateinfo).</summary>
public sealed class PatchChecker
{
    private readonly MetadataCache? _cache;

    /// <summary>A checker whose every check fetches its repositories' metadata afresh.</summary>
    public PatchChecker()
    {
    }

    /// <summary>A checker for one run of many checks (<c>recheck</c>): repositories the checks share are fetched and
    /// parsed once through <paramref name="cache"/>, their signatures still checked for each.</summary>
    public PatchChecker(MetadataCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        _cache = cache;
    }

    /// <summary>Path named by findings about dpkg packages.</summary>
    public const string DpkgStatusPath = "/var/lib/dpkg/status";

    /// <summary>Path named by findings about rpm packages.</summary>
    public const string RpmDatabasePath = "/var/lib/rpm";

    /// <summary>Checks the image: reads its repository configuration and trusted keys, fetches and verifies the
    /// metadata, and matches <paramref name="installed"/> against it.</summary>
    public async Task<PatchCheckResult> CheckAsync(IFileSystem image, IReadOnlyList<InstalledPackage> installed, OsRelease os,
        PatchCheckOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(installed);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Skip) return Skipped("the patch check was skipped (--no-patch-check): missing security updates were NOT checked");
        if (installed.Count == 0) return Skipped("no installed packages were found, so missing security updates cannot be checked");
        var sources = ReadRepositories(image, installed, os);
        return await CheckRecordedAsync(sources, installed, options, ct).ConfigureAwait(false);
    }

    /// <summary>The repositories the image is configured with (apt sources or yum .repo files), with the keys it trusts,
    /// self-contained so they can be recorded with the inventory and re-checked later.</summary>
    public static IReadOnlyList<RepositorySource> ReadRepositories(IFileSystem image, IReadOnlyList<InstalledPackage> installed, OsRelease os)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(installed);
        ArgumentNullException.ThrowIfNull(os);
        var list = new List<RepositorySource>();
        if (installed.Any(p => p.Type == PackageType.Deb))
            list.AddRange(AptSourcesReader.Read(image, DebArchitectures(image, installed)));
        if (installed.Any(p => p.Type == PackageType.Rpm))
            list.AddRange(YumRepoReader.Read(image, installed, os));
        return list;
    }

    /// <summary>Matches a recorded inventory (no image needed) against the current metadata of the given repositories:
    /// what <c>recheck</c> runs for every endorsed image.</summary>
    public async Task<PatchCheckResult> CheckRecordedAsync(IReadOnlyList<RepositorySource> repositories, IReadOnlyList<InstalledPackage> installed,
        PatchCheckOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        ArgumentNullException.ThrowIfNull(installed);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Skip) return Skipped("the patch check was skipped (--no-patch-check): missing security updates were NOT checked");
        using var fetcher = new MetadataFetcher(options, _cache);
        var findings = new List<PatchFinding>();
        var metadata = new List<RepositoryMetadata>();
        var security = new List<MissingUpdate>();
        var other = new List<MissingUpdate>();
        // A recorded inventory may predate the removal of credentials at the parser: remove them here too.
        repositories = repositories.Select(r => r.WithoutCredentials()).ToList();
        var refusedSecurity = new List<string>();
        var usable = new List<RepositorySource>();
        foreach (var source in repositories)
        {
            if (Usable(source, fetcher, findings) is { } u) usable.Add(u);
            else if (source.Kind == RepositoryKind.Rpm || AptRepositoryReader.LooksLikeSecurity(source)) refusedSecurity.Add(source.Id);
        }
        var refusedNote = refusedSecurity.Count == 0 ? ""
            : $" ({string.Join(", ", refusedSecurity)} not fetched: see {PatchRules.RepositoryRefused})";

        var debSources = usable.Where(r => r.Kind == RepositoryKind.Deb).ToList();
        if (installed.Any(p => p.Type == PackageType.Deb))
        {
            var reader = new AptRepositoryReader(fetcher, options);
            var data = new List<AptRepositoryData>();
            foreach (var source in debSources)
            {
                var likelySecurity = AptRepositoryReader.LooksLikeSecurity(source);
                if (!likelySecurity && !options.IncludeNonSecurityRepositories) continue;
                AptRepositoryData? d;
                try
                {
                    d = await reader.ReadAsync(source, ct).ConfigureAwait(false);
                }
                catch (ExternalToolException e) when (!likelySecurity)
                {
                    findings.Add(new PatchFinding(PatchRules.RepositoryUnverified, "info", source.ConfiguredIn ?? source.Id,
                        $"repository {source.Id} could not be read, its non-security updates were not checked: {e.Message}"));
                    continue;
                }
                if (d is null)
                {
                    if (likelySecurity)
                        throw new ExternalToolException($"repository {source.Id}", "neither InRelease nor Release was found: the security repository cannot be checked");
                    findings.Add(new PatchFinding(PatchRules.RepositoryUnverified, "info", source.ConfiguredIn ?? source.Id,
                        $"repository {source.Id} has no InRelease or Release file here; its non-security updates were not checked"));
                    continue;
                }
                if (!d.Verified)
                    findings.Add(new PatchFinding(PatchRules.RepositoryUnverified, "medium", source.ConfiguredIn ?? source.Id,
                        $"repository {source.Id} is configured trusted=yes and its metadata has no good signature by a key the image trusts"));
                data.Add(d);
                metadata.Add(d.Metadata);
            }
            if (!data.Any(d => d.Metadata.Security))
                findings.Add(new PatchFinding(PatchRules.NoSecurityRepository, "high", "/etc/apt/sources.list",
                    "the image configures no security repository (e.g. bookworm-security) that could be checked, so it cannot receive security updates" + refusedNote));
            var (s, o) = AptMatcher.Match(installed, data);
            security.AddRange(s);
            other.AddRange(o);
        }

        if (installed.Any(p => p.Type == PackageType.Rpm))
        {
            var reader = new YumRepositoryReader(fetcher, options);
            var data = new List<YumRepositoryData>();
            foreach (var source in usable.Where(r => r.Kind == RepositoryKind.Rpm))
            {
                var d = await reader.ReadAsync(source, ct).ConfigureAwait(false);
                if (!d.Verified)
                    findings.Add(new PatchFinding(PatchRules.RepositoryUnverified, "low", source.ConfiguredIn ?? source.Id,
                        $"repository {source.Id}: repomd.xml is not signed (no repomd.xml.asc or no gpgkey); packages are still checked by rpm's own gpgcheck"));
                data.Add(d);
                metadata.Add(d.Metadata);
            }
            if (!data.Any(d => d.HasUpdateInfo))
                findings.Add(new PatchFinding(PatchRules.NoSecurityRepository, "high", "/etc/yum.repos.d",
                    "no configured repository publishes updateinfo (security advisories), so missing security updates cannot be identified" + refusedNote));
            var (s, o) = YumMatcher.Match(installed, data);
            security.AddRange(s);
            other.AddRange(o);
        }

        foreach (var m in security)
        {
            var package = installed.FirstOrDefault(p => p.Name == m.Package && (p.Architecture == m.Arch || p.Architecture == "all"))
                ?? installed.FirstOrDefault(p => p.Name == m.Package);
            var path = package?.Type == PackageType.Rpm ? RpmDatabasePath : DpkgStatusPath;
            var adv = m.Advisories.Count == 0 ? "" : " (" + string.Join(", ", m.Advisories.Select(a => a.Severity is null ? a.Id : $"{a.Id} {a.Severity}")) + ")";
            // A held package is why an upgrade at the end of the build left it behind: say so, and how to release it.
            var held = package?.Held == true
                ? $"; it is held (dpkg selection 'hold', as `apt-mark hold` sets it), so the upgrade skipped it: `apt-mark unhold {m.Package}` before upgrading"
                : "";
            findings.Add(new PatchFinding(PatchRules.SecurityUpdateMissing, "high", path,
                $"{m.Package} {m.InstalledVersion} ({m.Arch}) misses the security update to {m.FixedVersion} from {m.Repository}{adv}{held}") { Package = m.Package });
        }
        foreach (var m in other)
        {
            var path = installed.FirstOrDefault(p => p.Name == m.Package)?.Type == PackageType.Rpm ? RpmDatabasePath : DpkgStatusPath;
            findings.Add(new PatchFinding(PatchRules.UpdateAvailable, "info", path,
                $"{m.Package} {m.InstalledVersion} ({m.Arch}) has a newer version {m.FixedVersion} in {m.Repository} (not a security update)") { Package = m.Package });
        }

        return new PatchCheckResult
        {
            MissingUpdates = security.OrderBy(m => m.Package, StringComparer.Ordinal).ThenBy(m => m.Arch, StringComparer.Ordinal).ToList(),
            OtherUpdates = other.OrderBy(m => m.Package, StringComparer.Ordinal).ThenBy(m => m.Arch, StringComparer.Ordinal).ToList(),
            Repositories = metadata,
            Sources = repositories,
            Findings = findings,
        };
    }

    /// <summary>The source as it may be fetched, or null (with a <see cref="PatchRules.RepositoryRefused"/> finding) when it
    /// may not. A URL is refused when it is a <c>file:</c> URL of the image (it would read the scanning host's files) or
    /// when the repository needs the image's credentials, unless an operator's <c>--mirror</c>/<c>--metadata-dir</c>
    /// serves it. Refused URLs are dropped when others remain (with a low finding).</summary>
    private static RepositorySource? Usable(RepositorySource source, MetadataFetcher fetcher, List<PatchFinding> findings)
    {
        string? Why(string url) => fetcher.Refusal(url)
            ?? (source.CredentialsRemoved && !fetcher.IsOperatorRewritten(url)
                ? $"{url} needs credentials the image holds; ImageGate never sends an image's credentials anywhere (give --mirror or --metadata-dir for it to check it)"
                : null);
        var where = source.ConfiguredIn ?? source.Id;
        var urls = source.BaseUrls.ToList();
        if (source.MirrorList is not null) urls.Add(source.MirrorList);
        var refused = urls.Select(Why).OfType<string>().ToList();
        if (refused.Count == 0) return source;
        var bases = source.BaseUrls.Where(u => Why(u) is null).ToList();
        var mirror = source.MirrorList is { } m && Why(m) is null ? m : null;
        if (bases.Count == 0 && mirror is null)
        {
            findings.Add(new PatchFinding(PatchRules.RepositoryRefused, "medium", where, $"repository {source.Id} was not fetched: {refused[0]}"));
            return null;
        }
        findings.Add(new PatchFinding(PatchRules.RepositoryRefused, "low", where, $"repository {source.Id}: only its other URLs are used; {refused[0]}"));
        return source with { BaseUrls = bases, MirrorList = mirror };
    }

    private static PatchCheckResult Skipped(string why) => new()
    {
        Skipped = true,
        Findings = [new PatchFinding(PatchRules.CheckSkipped, "medium", "/", why)],
    };

    /// <summary>dpkg architectures: the native one (the most common among installed packages) first, then foreign ones in use.</summary>
    internal static IReadOnlyList<string> DebArchitectures(IFileSystem image, IReadOnlyList<InstalledPackage> installed)
    {
        var counts = installed.Where(p => p.Type == PackageType.Deb && p.Architecture != "all")
            .GroupBy(p => p.Architecture).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
        if (ImageFiles.ReadText(image, "/var/lib/dpkg/arch") is { } archFile)
            foreach (var a in archFile.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (!counts.Contains(a) && installed.Any(p => p.Architecture == a)) counts.Add(a);
        return counts.Count > 0 ? counts : ["amd64"];
    }
}
