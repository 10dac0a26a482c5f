namespace ImageGate.Packer.Artifacts;

/// <summary>The container format of a disk image, detected from its first bytes.</summary>
public enum DiskImageFormat
{
    /// <summary>A raw disk (no container header).</summary>
    Raw,

    /// <summary>QEMU copy-on-write v2/v3 (<c>QFI\xfb</c>).</summary>
    Qcow2,

    /// <summary>VMware sparse extent (<c>KDMV</c>).</summary>
    Vmdk,

    /// <summary>Hyper-V VHDX (<c>vhdxfile</c>).</summary>
    Vhdx,
}
