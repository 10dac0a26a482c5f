namespace ImageGate.Core.IO;

/// <summary>The size and digests of a file, as <see cref="FileDigests.ComputeAsync"/> read it.</summary>
/// <param name="Size">The number of bytes hashed (the file's size).</param>
/// <param name="Sha256">Lower-case hex SHA-256.</param>
/// <param name="Sha512">Lower-case hex SHA-512.</param>
public sealed record FileDigest(long Size, string Sha256, string Sha512);
