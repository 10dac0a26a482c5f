namespace ImageGate.Distribution.Client;

/// <summary>What pushing a blob did.</summary>
public enum BlobPushOutcome
{
    /// <summary>The registry already had it (HEAD): nothing was uploaded.</summary>
    Existed,

    /// <summary>Mounted from another repository of the same registry: nothing was uploaded.</summary>
    Mounted,

    /// <summary>Uploaded in one PUT.</summary>
    UploadedMonolithic,

    /// <summary>Uploaded in PATCH chunks.</summary>
    UploadedChunked,
}
