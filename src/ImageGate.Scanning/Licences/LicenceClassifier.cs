using ImageGate.Core.Packages;

namespace ImageGate.Scanning.Licences;

/// <summary>Classifies installed packages' licences (pure: no file system). Expressions are evaluated as expressions:
/// <c>A OR B</c> takes the better of its operands, <c>A AND B</c> the worse.</summary>
public static class LicenceClassifier
{
    private static int Rank(LicenceCategory c) => (int)c;

    private static int Rank(LicenceVerdict v) => v switch { LicenceVerdict.Allowed => 0, LicenceVerdict.Unknown => 1, _ => 2 };

    /// <summary>The Debian archive area from a dpkg <c>Section</c> (<c>non-free/libs</c> → <c>non-free</c>, <c>libs</c> → <c>main</c>).</summary>
    public static string? AreaOf(InstalledPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Type != PackageType.Deb) return null;
        var section = package.Section;
        if (string.IsNullOrWhiteSpace(section)) return "main";
        var slash = section.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? section[..slash] : "main";
    }

    /// <summary>The category and verdict of an expression under <paramref name="policy"/>, with the denied ids it cannot avoid.</summary>
    public static (LicenceCategory Category, LicenceVerdict Verdict, IReadOnlyList<string> Denied) Evaluate(LicenceExpression? expression, LicencePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (expression is null) return (LicenceCategory.Unknown, LicenceVerdict.Unknown, []);
        switch (expression)
        {
            case LicenceTerm t:
            {
                var id = t.Id;
                var verdict = policy.VerdictOn(id);
                if (t.OrLater && verdict != LicenceVerdict.Denied && policy.DeniedIds.Contains(id + "+")) verdict = LicenceVerdict.Denied;
                return (LicenceCategories.Of(id), verdict, verdict == LicenceVerdict.Denied ? [t.Id] : []);
            }
            case LicenceAnd a:
            {
                var l = Evaluate(a.Left, policy);
                var r = Evaluate(a.Right, policy);
                return (Rank(l.Category) >= Rank(r.Category) ? l.Category : r.Category,
                    Rank(l.Verdict) >= Rank(r.Verdict) ? l.Verdict : r.Verdict,
                    [.. l.Denied, .. r.Denied.Where(d => !l.Denied.Contains(d))]);
            }
            case LicenceOr o:
            {
                var l = Evaluate(o.Left, policy);
                var r = Evaluate(o.Right, policy);
                var best = Rank(l.Verdict) != Rank(r.Verdict)
                    ? (Rank(l.Verdict) < Rank(r.Verdict) ? l : r)
                    : (Rank(l.Category) <= Rank(r.Category) ? l : r);
                var verdict = best.Verdict;
                return (best.Category, verdict, verdict == LicenceVerdict.Denied ? [.. l.Denied, .. r.Denied.Where(d => !l.Denied.Contains(d))] : []);
            }
            default:
                throw new ArgumentException("unknown expression type", nameof(expression));
        }
    }

    /// <summary>Classifies one package: its recorded expression (unparsable counts as unknown) and where it came from:
    /// for Debian its archive area, for rpm the repository recorded for it.</summary>
    public static PackageLicence Classify(InstalledPackage package, LicencePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(policy);
        var (category, verdict, denied) = Evaluate(SpdxExpressionParser.TryParse(package.License), policy);
        var area = AreaOf(package);
        return new PackageLicence(package, package.License, area, category, verdict, denied)
        {
            NonFree = package.Type == PackageType.Rpm ? policy.IsNonFreeRepository(package.Repository) : area is not null && policy.NonFreeAreas.Contains(area),
            Repository = package.Type == PackageType.Rpm ? package.Repository : null,
        };
    }

    /// <summary>Classifies every package, in the inventory's order.</summary>
    public static IReadOnlyList<PackageLicence> Classify(IEnumerable<InstalledPackage> packages, LicencePolicy policy) =>
        packages.Select(p => Classify(p, policy)).ToList();
}
