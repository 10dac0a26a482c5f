using System.Text.RegularExpressions;
using ImageGate.Core.Errors;

namespace ImageGate.Endorsement.Format;

/// <summary>The layout of an endorsed-list repository (docs/list-format.md): one folder per image version.</summary>
public static partial class ListFormat
{
    /// <summary>The version of the repository format this code writes and reads (the list contract's).</summary>
    public const int Version = ListContract.FormatVersion;

    /// <summary>The folder holding every image.</summary>
    public const string ImagesFolder = "images";

    /// <summary>The image record in a version folder.</summary>
    public const string RecordFile = "record.json";

    /// <summary>The scan report in a version folder.</summary>
    public const string ScanReportFile = "scan-report.json";

    /// <summary>The SBOM in a version folder.</summary>
    public const string SbomFile = "sbom.json";

    /// <summary>The image's Sigstore bundle in a version folder.</summary>
    public const string BundleFile = "image.sigstore.json";

    /// <summary>The recorded inventory in a version folder: packages and repositories, what <c>recheck</c> needs.</summary>
    public const string InventoryFile = "inventory.json";

    /// <summary>The revocation record in a version folder (present once the version is revoked).</summary>
    public const string RevocationFile = "revocation.json";

    /// <summary>The folder of one image version, relative to the repository root (always '/'-separated).</summary>
    public static string VersionFolder(string name, string version) => $"{ImagesFolder}/{name}/{version}";

    /// <summary>The branch that proposes an endorsement of <paramref name="name"/> <paramref name="version"/>.</summary>
    public static string EndorseBranch(string name, string version) => $"endorse/{name}/{version}";

    /// <summary>The branch that proposes a revocation of <paramref name="name"/> <paramref name="version"/>.</summary>
    public static string RevokeBranch(string name, string version) => $"revoke/{name}/{version}";

    /// <summary>Checks an image name: letters, digits, '.', '_', '-', starting with a letter or digit, at most 64 characters.</summary>
    public static string ValidateName(string? name, string what = "image name")
    {
        if (string.IsNullOrEmpty(name) || !SafeSegment().IsMatch(name) || name.Contains("..", StringComparison.Ordinal) || name.EndsWith(".lock", StringComparison.Ordinal))
            throw new BadInputException($"{what} '{name}' is not valid: use 1 to 64 letters, digits, '.', '_', '+' or '-', starting with a letter or digit");
        return name;
    }

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._+-]{0,63}\z")]
    private static partial Regex SafeSegment();
}
