namespace ImageGate.Endorsement.Format;

/// <summary>The record of one endorsed image version (<c>images/NAME/VERSION/record.json</c>). Property order is the file's key order.</summary>
public sealed record ImageRecord
{
    /// <summary>The format version of this record.</summary>
    public int FormatVersion { get; init; } = ListFormat.Version;

    /// <summary>A UUID that stays the same for every version of the image name.</summary>
    public required string Identifier { get; init; }

    /// <summary>The image name.</summary>
    public required string Name { get; init; }

    /// <summary>The image version.</summary>
    public required string Version { get; init; }

    /// <summary>A description for people.</summary>
    public string? Description { get; init; }

    /// <summary>The operating system.</summary>
    public required Lists.OperatingSystem Os { get; init; }

    /// <summary>The CPU architecture (<c>x86_64</c>).</summary>
    public required string Arch { get; init; }

    /// <summary>The disk format (<c>qcow2</c>, <c>raw</c>, <c>vmdk</c>, <c>vhdx</c>).</summary>
    public required string Format { get; init; }

    /// <summary>The image size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>Lower-case hex SHA-256 of the image file.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Lower-case hex SHA-512 of the image file.</summary>
    public required string Sha512 { get; init; }

    /// <summary>Where sites download the image (http(s)); a record has <see cref="Uri"/>, <see cref="Oci"/> or both.</summary>
    public string? Uri { get; init; }

    /// <summary>Where the image is held in an OCI registry (<c>endorse --oci</c>), checked against the registry when recorded.</summary>
    public OciLocation? Oci { get; init; }

    /// <summary>The hyphen-free registry tag <c>publish --registry-sync</c> points at the newest endorsed version of
    /// this image name (<c>endorse --endorsed-tag</c>); null takes the default rule (the OS <c>versionId</c>).</summary>
    public string? EndorsedTag { get; init; }

    /// <summary>When the endorsement was proposed (UTC).</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>When this endorsement ends on its own (UTC), if ever.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>Who built the image.</summary>
    public required BuildProvenance BuiltBy { get; init; }

    /// <summary>Whether the scan gate passed.</summary>
    public required bool ScanPassed { get; init; }

    /// <summary>HEPiX hints.</summary>
    public required HepixHints Hepix { get; init; }

    /// <summary>The published view of this record: its image in <c>endorsed-images.json</c>.</summary>
    public EndorsedImage ToEndorsedImage() => new()
    {
        Identifier = Identifier,
        Name = Name,
        Version = Version,
        Description = Description,
        Sha256 = Sha256,
        Sha512 = Sha512,
        Size = Size,
        Uri = Uri,
        Oci = Oci,
        EndorsedTag = EndorsedTag,
        Os = Os,
        Arch = Arch,
        Format = Format,
        Created = Created,
        Expires = Expires,
        BuiltBy = BuiltBy,
        Hepix = Hepix,
    };
}
