using ImageGate.Core.Packages;

namespace ImageGate.Patches.Yum;

/// <summary>Matches installed rpm packages against security advisories (updateinfo) and newer packages (primary).</summary>
internal static class YumMatcher
{
    public static (List<MissingUpdate> Security, List<MissingUpdate> Other) Match(IReadOnlyList<InstalledPackage> installed,
        IReadOnlyList<YumRepositoryData> repositories)
    {
        // name -> advisories' packages, for one pass over installed packages.
        var byName = new Dictionary<string, List<(AdvisoryPackage Pkg, Advisory Advisory, string Repo)>>(StringComparer.Ordinal);
        foreach (var repo in repositories)
            foreach (var u in repo.Updates.Where(u => u.Type == "security"))
                foreach (var p in u.Packages)
                {
                    if (!byName.TryGetValue(p.Name, out var list)) byName[p.Name] = list = [];
                    list.Add((p, u.Advisory, repo.Source.Id));
                }

        var security = new List<MissingUpdate>();
        var other = new List<MissingUpdate>();
        foreach (var p in installed)
        {
            if (p.Type != PackageType.Rpm || p.Name == "gpg-pubkey") continue;
            var have = Evr.Parse(p.Version);
            if (byName.TryGetValue(p.Name, out var candidates))
            {
                var hits = candidates.Where(c => c.Pkg.Arch == p.Architecture && c.Pkg.Evr.CompareTo(have) > 0).ToList();
                if (hits.Count > 0)
                {
                    var best = hits.MaxBy(h => h.Pkg.Evr, Comparer<Evr>.Create((a, b) => a.CompareTo(b)));
                    var advisories = hits.Select(h => h.Advisory).DistinctBy(a => a.Id).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
                    security.Add(new MissingUpdate(p.Name, p.Architecture, p.Version, best.Pkg.Evr.ToString(), advisories, best.Repo));
                    continue;
                }
            }
            Evr? newest = null;
            string? from = null;
            foreach (var r in repositories)
                if (r.Primary.Newest(p.Name, p.Architecture) is { } e && e.CompareTo(have) > 0 && (newest is null || e.CompareTo(newest.Value) > 0))
                {
                    newest = e;
                    from = r.Source.Id;
                }
            if (newest is { } n) other.Add(new MissingUpdate(p.Name, p.Architecture, p.Version, n.ToString(), [], from!));
        }
        return (security, other);
    }
}
