namespace ImageGate.Patches;

/// <summary>The rule ids the patch check reports.</summary>
public static class PatchRules
{
    /// <summary>An installed package misses a security update.</summary>
    public const string SecurityUpdateMissing = "patches/security-update-missing";

    /// <summary>An installed package has a newer version in a non-security repository (info).</summary>
    public const string UpdateAvailable = "patches/update-available";

    /// <summary>The check was skipped (<c>--no-patch-check</c>) or is not possible for this image.</summary>
    public const string CheckSkipped = "patches/check-skipped";

    /// <summary>The image configures no repository recognised as a security repository.</summary>
    public const string NoSecurityRepository = "patches/no-security-repository";

    /// <summary>A repository is configured without signature verification, or its non-security metadata was unreachable.</summary>
    public const string RepositoryUnverified = "patches/repository-unverified";

    /// <summary>A repository was not fetched: it needs credentials the image holds, or it names a <c>file:</c> path
    /// (which would read the scanning host's files). An operator's <c>--mirror</c> or <c>--metadata-dir</c> can serve it.</summary>
    public const string RepositoryRefused = "patches/repository-refused";
}
