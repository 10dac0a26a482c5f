namespace ImageGate.DiskImages;

/// <summary>Options for <see cref="ImageSource.Open"/> (room for the disk reader's options at merge time).</summary>
public sealed record ImageSourceOptions
{
    /// <summary>A description prefix for messages, e.g. the image's display name; null uses the path.</summary>
    public string? DisplayName { get; init; }
}
