namespace ImageGate.Packer;

/// <summary>How ImageGate runs Packer.</summary>
public sealed record PackerOptions
{
    /// <summary>The oldest Packer the default policy accepts: 1.6.6, the version Debian 12 ships (older
    /// releases lack HCL2 builds and security fixes). A site's policy may raise it.</summary>
    public static readonly Version DefaultMinimumVersion = new(1, 6, 6);

    /// <summary>The Packer executable (a name on PATH or a full path).</summary>
    public string Executable { get; init; } = "packer";

    /// <summary>The minimum Packer version; older ones yield a <c>tooling/packer-outdated</c> finding.</summary>
    public Version MinimumVersion { get; init; } = DefaultMinimumVersion;

    /// <summary>How long Packer may clean up after an interrupt before it is killed.</summary>
    public TimeSpan CancellationGracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Extra environment variables for Packer (<c>CHECKPOINT_DISABLE=1</c> is always set).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The environment Packer starts from (default: this process's). Packer and its provisioners get it
    /// without the secrets of the pipeline (<see cref="PackerEnvironment.IsSecret"/>), then <see cref="Environment"/>.</summary>
    public IReadOnlyDictionary<string, string>? BaseEnvironment { get; init; }
}
