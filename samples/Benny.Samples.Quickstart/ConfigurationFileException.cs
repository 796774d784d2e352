namespace Benny.Samples.Quickstart;

/// <summary>
/// A configuration file given to a sample cannot be used: it is missing, is not JSON, or holds a value that cannot be
/// converted. The message names the file and what to fix.
/// </summary>
internal sealed class ConfigurationFileException(string message, Exception? innerException = null) : Exception(message, innerException);
