namespace ImageGate.Distribution.Internal;

/// <summary>Writing or hashing a downloaded block failed (<see cref="BlobFileSink"/>): a local failure, never retried
/// as a dropped connection would be; the download rethrows <see cref="Exception.InnerException"/>.</summary>
internal sealed class BlobSinkException(Exception inner) : Exception(inner.Message, inner);
