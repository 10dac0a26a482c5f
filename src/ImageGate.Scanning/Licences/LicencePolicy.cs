namespace ImageGate.Scanning.Licences;

/// <summary>The policy's <c>licences</c> section: which ids and categories are allowed or denied, and which Debian
/// archive areas are non-free or trusted, and which rpm repositories are non-free. An id listed explicitly wins over its category; denied wins over allowed.</summary>
public sealed record LicencePolicy
{
    /// <summary>SPDX ids always allowed.</summary>
    public IReadOnlySet<string> AllowedIds { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>SPDX ids always denied (a package that cannot avoid one fails the gate).</summary>
    public IReadOnlySet<string> DeniedIds { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Categories allowed.</summary>
    public IReadOnlySet<LicenceCategory> AllowedCategories { get; init; } = new HashSet<LicenceCategory>
    {
        LicenceCategory.Unencumbered, LicenceCategory.Permissive, LicenceCategory.Notice, LicenceCategory.Reciprocal, LicenceCategory.Restricted,
    };

    /// <summary>Categories denied.</summary>
    public IReadOnlySet<LicenceCategory> DeniedCategories { get; init; } = new HashSet<LicenceCategory>();

    /// <summary>Debian archive areas whose packages are reported as non-free.</summary>
    public IReadOnlySet<string> NonFreeAreas { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "non-free", "non-free-firmware" };

    /// <summary>Debian archive areas whose licences the archive has already reviewed (main: DFSG-free): an unrecognised
    /// licence there is not reported as unknown (a denied one still is).</summary>
    public IReadOnlySet<string> TrustedAreas { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "main" };

    /// <summary>The pseudo repository id an rpm package has in <see cref="NonFreeRepositories"/> when the image records
    /// no repository for it (not in dnf's history nor yum's yumdb: installed by rpm directly, or the history was removed).</summary>
    public const string UnknownRepository = "@unknown";

    /// <summary>rpm repository ids whose packages are reported as non-free: patterns with <c>*</c> and <c>?</c>,
    /// matched ignoring case; <see cref="UnknownRepository"/> stands for a package with no recorded repository and
    /// <c>@commandline</c> is dnf's for a package installed from a local file.</summary>
    public IReadOnlyList<string> NonFreeRepositories { get; init; } =
        ["*nonfree*", "*non-free*", "fedora-cisco-openh264", "@commandline", UnknownRepository];

    /// <summary>True when packages from <paramref name="repository"/> (null: none recorded) are non-free under this policy.</summary>
    public bool IsNonFreeRepository(string? repository)
    {
        var id = string.IsNullOrEmpty(repository) ? UnknownRepository : repository;
        return NonFreeRepositories.Any(p => System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(p, id, ignoreCase: true));
    }

    /// <summary>One line summarising the section (what <c>imagegate policy show --policy</c> prints).</summary>
    public string Describe()
    {
        static string List(IEnumerable<string> items) => items.Any() ? string.Join(" ", items.Order(StringComparer.Ordinal)) : "none";
        return $"allowed categories: {List(AllowedCategories.Select(LicenceCategories.Name))}; denied categories: {List(DeniedCategories.Select(LicenceCategories.Name))}; " +
            $"allowed ids: {List(AllowedIds)}; denied ids: {List(DeniedIds)}; non-free areas: {List(NonFreeAreas)}; trusted areas: {List(TrustedAreas)}; " +
            $"non-free repositories: {List(NonFreeRepositories)}";
    }

    /// <summary>The verdict on one licence id.</summary>
    public LicenceVerdict VerdictOn(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (DeniedIds.Contains(id)) return LicenceVerdict.Denied;
        if (AllowedIds.Contains(id)) return LicenceVerdict.Allowed;
        var category = LicenceCategories.Of(id);
        if (DeniedCategories.Contains(category)) return LicenceVerdict.Denied;
        return AllowedCategories.Contains(category) ? LicenceVerdict.Allowed : LicenceVerdict.Unknown;
    }
}
