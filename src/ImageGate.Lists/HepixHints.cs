namespace ImageGate.Lists;

/// <summary>Hints sites read from a HEPiX image list.</summary>
/// <param name="Hypervisor">Hypervisors the image runs on (<c>QEMU,KVM</c>).</param>
/// <param name="MinCores">Minimum number of cores, when stated.</param>
/// <param name="MinRamMb">Minimum memory in MiB, when stated.</param>
public sealed record HepixHints(string Hypervisor, int? MinCores, int? MinRamMb);
