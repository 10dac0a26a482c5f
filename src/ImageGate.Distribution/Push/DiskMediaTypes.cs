namespace ImageGate.Distribution.Push;

/// <summary>The layer media type and Glance <c>disk_format</c> of each disk format. qcow2 uses EGI's
/// <c>application/x-qemu-disk</c> (what EGI's builds give <c>oras push</c>); the others have no registered or EGI
/// type, so ImageGate names them under its own vendor tree.</summary>
public static class DiskMediaTypes
{
    /// <summary>qcow2, as EGI pushes it.</summary>
    public const string Qcow2 = "application/x-qemu-disk";

    /// <summary>A raw disk image.</summary>
    public const string Raw = "application/vnd.imagegate.disk.raw";

    /// <summary>A VMDK image.</summary>
    public const string Vmdk = "application/vnd.imagegate.disk.vmdk";

    /// <summary>A VHDX image.</summary>
    public const string Vhdx = "application/vnd.imagegate.disk.vhdx";

    /// <summary>A VHD (VPC) image.</summary>
    public const string Vhd = "application/vnd.imagegate.disk.vhd";

    /// <summary>The artifact type of the image manifest ImageGate pushes.</summary>
    public const string ArtifactType = "application/vnd.imagegate.vm-image.v1";

    /// <summary>(layer media type, Glance disk_format) for a format as the disk reader names it.</summary>
    public static (string MediaType, string GlanceFormat) For(string format) => format.ToLowerInvariant() switch
    {
        "qcow2" => (Qcow2, "qcow2"),
        "raw" => (Raw, "raw"),
        "vmdk" => (Vmdk, "vmdk"),
        "vhdx" => (Vhdx, "vhdx"),
        "vhd" or "vpc" => (Vhd, "vhd"),
        var other => ("application/vnd.imagegate.disk." + other, other),
    };

    /// <summary>The disk format a layer media type names (for <c>pull</c>), or null.</summary>
    public static string? FormatOf(string mediaType) => mediaType switch
    {
        Qcow2 => "qcow2",
        Raw => "raw",
        Vmdk => "vmdk",
        Vhdx => "vhdx",
        Vhd => "vhd",
        _ => null,
    };
}
