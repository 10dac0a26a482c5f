namespace ImageGate.Distribution.Client;

/// <summary>The OCI media types the client reads and writes.</summary>
public static class MediaTypes
{
    /// <summary>An OCI image manifest.</summary>
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>An OCI image index (also the referrers tag schema's index).</summary>
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>A Docker schema 2 manifest (read only).</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>A Docker manifest list (read only).</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>The empty descriptor's media type (config of artifacts, content <c>{}</c>).</summary>
    public const string Empty = "application/vnd.oci.empty.v1+json";

    /// <summary>The digest of <c>{}</c>.</summary>
    public const string EmptyDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    /// <summary>The Accept header for manifest requests.</summary>
    public const string ManifestAccept = ImageManifest + ", " + ImageIndex + ", " + DockerManifest + ", " + DockerManifestList;
}
