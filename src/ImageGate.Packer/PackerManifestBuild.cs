namespace ImageGate.Packer;

/// <summary>One build of the current run as the manifest post-processor recorded it.</summary>
/// <param name="Name">The build name.</param>
/// <param name="BuilderType">The builder type (<c>qemu</c>, <c>file</c> …).</param>
/// <param name="ArtifactId">The artifact id, often empty.</param>
/// <param name="Files">The files (relative to Packer's working directory) with their sizes.</param>
/// <param name="CustomData">The template's <c>custom_data</c> for the build.</param>
public sealed record PackerManifestBuild(string Name, string BuilderType, string ArtifactId,
    IReadOnlyList<KeyValuePair<string, long>> Files, IReadOnlyDictionary<string, string> CustomData);
