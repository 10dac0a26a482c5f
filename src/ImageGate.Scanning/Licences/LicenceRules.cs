using System.Text.Json.Nodes;
using ImageGate.Core.Packages;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Licences;

/// <summary>The licence rules over the inventory: denied licences, non-free archive areas and repositories, unknown licences; and the
/// report's <c>licences</c> section (counts per category and every package's classification).</summary>
public static class LicenceRules
{
    /// <summary>Rule id: the expression cannot be met without a denied licence.</summary>
    public const string Denied = "licences/denied";

    /// <summary>Rule id: a Debian package from a non-free archive area, or an rpm from a non-free (or unrecorded) repository.</summary>
    public const string NonFree = "licences/non-free";

    /// <summary>Rule id: no licence recorded, or one the policy neither allows nor denies.</summary>
    public const string Unknown = "licences/unknown";

    /// <summary>The path a package's licence findings carry (and a package exception matches): <c>/usr/share/doc/NAME</c>
    /// for dpkg, <c>/usr/share/licenses/NAME</c> for rpm, where each keeps its licence texts.</summary>
    public static string PathOf(InstalledPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return package.Type == PackageType.Deb ? $"/usr/share/doc/{package.Name}" : $"/usr/share/licenses/{package.Name}";
    }

    /// <summary>True when a licence rule reports the package: denied, non-free, or unknown outside a trusted area.</summary>
    public static bool NeedsReview(PackageLicence licence, LicencePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(licence);
        ArgumentNullException.ThrowIfNull(policy);
        return licence.Verdict == LicenceVerdict.Denied || licence.NonFree ||
            (licence.Verdict == LicenceVerdict.Unknown && !(licence.Area is not null && policy.TrustedAreas.Contains(licence.Area)));
    }

    /// <summary>The findings for classified packages.</summary>
    internal static IEnumerable<RawFinding> Run(IReadOnlyList<PackageLicence> licences, LicencePolicy policy)
    {
        foreach (var l in licences)
        {
            var p = l.Package;
            var what = $"{p.Name} {p.Version}";
            var expression = l.Expression ?? "(none recorded)";
            if (l.Verdict == LicenceVerdict.Denied)
                yield return new RawFinding(Denied, PathOf(p), $"{what}: licence {expression} needs denied {string.Join(", ", l.Denied)}");
            if (l.NonFree)
                yield return new RawFinding(NonFree, PathOf(p), p.Type == PackageType.Deb
                    ? $"{what} is from Debian's {l.Area} area (licence {expression}): check it may be redistributed"
                    : l.Repository is null
                        ? $"{what} has no recorded repository (neither dnf's history nor yum's yumdb names one: installed by rpm directly, or the history was removed; licence {expression}): check where it came from and that it may be redistributed"
                        : l.Repository == "@commandline"
                            ? $"{what} was installed from a local file (@commandline; licence {expression}): check where it came from and that it may be redistributed"
                            : $"{what} is from repository {l.Repository}, which the policy lists as non-free (licence {expression}): check it may be redistributed");
            else if (l.Verdict == LicenceVerdict.Unknown && NeedsReview(l, policy))
                yield return new RawFinding(Unknown, PathOf(p), l.Expression is null
                    ? $"{what}: no licence is recorded machine-readably"
                    : $"{what}: licence {expression} ({LicenceCategories.Name(l.Category)}) is neither allowed nor denied by the policy");
        }
    }

    /// <summary>The report's <c>licences</c> section: <c>{categories: {name: count}, packages: [{name, version, type,
    /// licence, area, repository, category, verdict, nonFree, review}]}</c> (<c>repository</c> for rpm, null when none is recorded); <c>review</c> is true where a licence rule reports the package.</summary>
    public static JsonObject Section(IReadOnlyList<PackageLicence> licences, LicencePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(licences);
        ArgumentNullException.ThrowIfNull(policy);
        var categories = new JsonObject();
        foreach (var c in Enum.GetValues<LicenceCategory>())
            categories[LicenceCategories.Name(c)] = licences.Count(l => l.Category == c);
        return new JsonObject
        {
            ["categories"] = categories,
            ["nonFree"] = licences.Count(l => l.NonFree),
            ["packages"] = new JsonArray(licences.Select(l => (JsonNode)new JsonObject
            {
                ["name"] = l.Package.Name,
                ["version"] = l.Package.Version,
                ["type"] = l.Package.Type == PackageType.Deb ? "deb" : "rpm",
                ["licence"] = l.Expression,
                ["area"] = l.Area,
                ["repository"] = l.Repository,
                ["category"] = LicenceCategories.Name(l.Category),
                ["verdict"] = l.Verdict.ToString().ToLowerInvariant(),
                ["nonFree"] = l.NonFree,
                ["review"] = NeedsReview(l, policy),
            }).ToArray()),
        };
    }
}
