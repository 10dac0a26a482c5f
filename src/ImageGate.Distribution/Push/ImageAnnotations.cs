namespace ImageGate.Distribution.Push;

/// <summary>The annotation keys of an ImageGate image artifact: EGI's layer annotations (what atrope reads) and
/// the OCI manifest annotations.</summary>
public static class ImageAnnotations
{
    /// <summary>The layer's file name (as <c>oras push</c> sets it).</summary>
    public const string Title = "org.opencontainers.image.title";

    /// <summary>EGI's tag annotation: atrope syncs only artifacts whose layer[0] has it.</summary>
    public const string EgiTag = "eu.egi.cloud.tag";

    /// <summary>EGI's human description.</summary>
    public const string EgiDescription = "eu.egi.cloud.description";

    /// <summary>Glance disk_format.</summary>
    public const string DiskFormat = "org.openstack.glance.disk_format";

    /// <summary>Glance container_format (always <c>bare</c>).</summary>
    public const string ContainerFormat = "org.openstack.glance.container_format";

    /// <summary>Glance architecture.</summary>
    public const string Architecture = "org.openstack.glance.architecture";

    /// <summary>Glance os_distro.</summary>
    public const string OsDistro = "org.openstack.glance.os_distro";

    /// <summary>Glance os_version.</summary>
    public const string OsVersion = "org.openstack.glance.os_version";

    /// <summary>Glance os_type.</summary>
    public const string OsType = "org.openstack.glance.os_type";

    /// <summary>Manifest: when it was pushed (RFC 3339).</summary>
    public const string Created = "org.opencontainers.image.created";

    /// <summary>Manifest: the source revision (commit) the image was built from.</summary>
    public const string Revision = "org.opencontainers.image.revision";

    /// <summary>Manifest: the source repository URL.</summary>
    public const string Source = "org.opencontainers.image.source";

    /// <summary>True for the keys that go on the manifest rather than on layer[0].</summary>
    public static bool IsManifestKey(string key) => key is Created or Revision or Source;

    /// <summary>The Glance os_distro for an os-release ID (the ID itself, but openSUSE's flavours fold into <c>opensuse</c>).</summary>
    public static string OsDistroFor(string osReleaseId) => osReleaseId switch
    {
        "opensuse-leap" or "opensuse-tumbleweed" => "opensuse",
        var id => id,
    };
}
