namespace ImageGate.DiskImages;

/// <summary>Options for <see cref="ImageSource.Open"/> .</summary>
public sealed record ImageSourceOptions
{
    /// <summary>A description prefix for messages, e.g. the image's display name; null uses the path.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Options for disk images (backing files, limits).</summary>
    public DiskImageOptions? Disk { get; init; }
}
