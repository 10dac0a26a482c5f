namespace ImageGate.Packer;

/// <summary>An artifact Packer reported for a build (after de-duplication across post-processors).</summary>
/// <param name="Build">The build that made it.</param>
/// <param name="BuilderId">The builder or post-processor id (e.g. <c>packer.file</c>, <c>transcend.qemu</c>).</param>
/// <param name="Id">The artifact id Packer gives, often empty.</param>
/// <param name="Description">Packer's one-line description of the artifact.</param>
/// <param name="Files">The files of the artifact, as Packer reported them (relative to Packer's working directory).</param>
public sealed record PackerArtifact(string Build, string BuilderId, string Id, string Description, IReadOnlyList<string> Files);
