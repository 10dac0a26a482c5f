using ImageGate.Core.Packages;
using ImageGate.Patches.Versions;

namespace ImageGate.Patches.Apt;

/// <summary>Matches installed dpkg packages against the indexes of security and other repositories.</summary>
internal static class AptMatcher
{
    public static (List<MissingUpdate> Security, List<MissingUpdate> Other) Match(IReadOnlyList<InstalledPackage> installed,
        IReadOnlyList<AptRepositoryData> repositories)
    {
        var security = new List<MissingUpdate>();
        var other = new List<MissingUpdate>();
        var secRepos = repositories.Where(r => r.Metadata.Security).ToList();
        var otherRepos = repositories.Where(r => !r.Metadata.Security).ToList();
        foreach (var p in installed)
        {
            if (p.Type != PackageType.Deb) continue;
            var best = Best(p, secRepos);
            if (best is { } s)
            {
                security.Add(new MissingUpdate(p.Name, p.Architecture, p.Version, s.Version, [], s.Repo));
                continue;
            }
            if (Best(p, otherRepos) is { } o)
                other.Add(new MissingUpdate(p.Name, p.Architecture, p.Version, o.Version, [], o.Repo));
        }
        return (security, other);
    }

    private static (string Version, string Repo)? Best(InstalledPackage p, List<AptRepositoryData> repos)
    {
        string? bestVersion = null;
        string? bestRepo = null;
        foreach (var r in repos)
        {
            foreach (var arch in p.Architecture == "all" ? (string[])["all"] : [p.Architecture, "all"])
            {
                var v = r.Index.Newest(p.Name, arch);
                if (v is null || DebianVersion.Compare(v, p.Version) <= 0) continue;
                if (bestVersion is null || DebianVersion.Compare(v, bestVersion) > 0)
                {
                    bestVersion = v;
                    bestRepo = r.Source.Id;
                }
            }
        }
        return bestVersion is null ? null : (bestVersion, bestRepo!);
    }
}
