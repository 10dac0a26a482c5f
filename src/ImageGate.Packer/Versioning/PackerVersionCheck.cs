namespace ImageGate.Packer.Versioning;

/// <summary>The installed Packer version checked against the policy's minimum.</summary>
/// <param name="Installed">The version <c>packer version</c> reported.</param>
/// <param name="Minimum">The oldest version the policy accepts.</param>
/// <param name="Finding">A <c>tooling/packer-outdated</c> finding when <paramref name="Installed"/> is older, else null.</param>
public sealed record PackerVersionCheck(Version Installed, Version Minimum, ToolingFinding? Finding)
{
    /// <summary>True when the installed Packer is older than the policy minimum.</summary>
    public bool IsOutdated => Finding is not null;

    /// <summary>Checks <paramref name="installed"/> against <paramref name="minimum"/>.</summary>
    public static PackerVersionCheck Evaluate(Version installed, Version minimum)
    {
        ArgumentNullException.ThrowIfNull(installed);
        ArgumentNullException.ThrowIfNull(minimum);
        var finding = Normalize(installed) < Normalize(minimum)
            ? new ToolingFinding(ToolingFinding.PackerOutdated, "high",
                $"Packer {installed} made this image but the policy requires at least {minimum}: the image generation tool must be fully patched")
            : null;
        return new PackerVersionCheck(installed, minimum, finding);
    }

    /// <summary>Parses Packer's version text (<c>1.6.6</c>, <c>v1.11.2</c>, <c>Packer v1.6.6</c>, <c>1.9.0-dev</c>).</summary>
    public static Version? ParseVersion(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = System.Text.RegularExpressions.Regex.Match(text, @"(\d+)\.(\d+)(?:\.(\d+))?");
        if (!match.Success) return null;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        try
        {
            return new Version(int.Parse(match.Groups[1].Value, inv), int.Parse(match.Groups[2].Value, inv),
                match.Groups[3].Success ? int.Parse(match.Groups[3].Value, inv) : 0);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static Version Normalize(Version v) => new(v.Major, v.Minor, Math.Max(v.Build, 0));
}
