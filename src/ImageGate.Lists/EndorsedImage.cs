namespace ImageGate.Lists;

/// <summary>One image of <c>endorsed-images.json</c> as the publisher writes it. Property order is the file's key order;
/// the key names are the property names in camelCase (<see cref="ListJson"/>).</summary>
public sealed record EndorsedImage
{
    /// <summary>The image name's stable UUID.</summary>
    public required string Identifier { get; init; }

    /// <summary>The image name.</summary>
    public required string Name { get; init; }

    /// <summary>The image version.</summary>
    public required string Version { get; init; }

    /// <summary>A description.</summary>
    public string? Description { get; init; }

    /// <summary>Lower-case hex SHA-256.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Lower-case hex SHA-512.</summary>
    public required string Sha512 { get; init; }

    /// <summary>Size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>Where to download it (http(s)).</summary>
    public string? Uri { get; init; }

    /// <summary>Where it is held in an OCI registry.</summary>
    public OciLocation? Oci { get; init; }

    /// <summary>The registry tag chosen at endorse time, if any.</summary>
    public string? EndorsedTag { get; init; }

    /// <summary>The operating system.</summary>
    public required OperatingSystem Os { get; init; }

    /// <summary>CPU architecture.</summary>
    public required string Arch { get; init; }

    /// <summary>Disk format.</summary>
    public required string Format { get; init; }

    /// <summary>When it was endorsed.</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>When its endorsement ends on its own, if ever.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>Who built it.</summary>
    public required BuildProvenance BuiltBy { get; init; }

    /// <summary>HEPiX hints.</summary>
    public required HepixHints Hepix { get; init; }
}
