//! What an upload sends: a file, bytes in memory, or a stream of known
//! length, turned into a stream of chunks whose total is checked against the
//! declared length.

use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;

use bytes::Bytes;
use futures_core::Stream;

/// The size of the chunks a file or an in-memory buffer is sent in (each
/// chunk handed to the connection is one progress step).
pub(crate) const CHUNK: usize = 64 * 1024;

/// A stream of chunks, as the transfer reads it.
pub(crate) type Chunks = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>;

/// The bytes an upload sends.
///
/// ```
/// use aitoearn::upload::UploadSource;
/// let from_file = UploadSource::file("clip.mp4");
/// let from_memory = UploadSource::bytes(b"hello".to_vec());
/// # let _ = (from_file, from_memory);
/// ```
pub struct UploadSource {
    kind: Kind,
}

enum Kind {
    File(PathBuf),
    Bytes(Bytes),
    Stream { length: u64, chunks: Chunks },
}

impl fmt::Debug for UploadSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::File(path) => f.debug_tuple("File").field(path).finish(),
            Kind::Bytes(b) => f.debug_tuple("Bytes").field(&b.len()).finish(),
            Kind::Stream { length, .. } => {
                f.debug_struct("Stream").field("length", length).finish()
            }
        }
    }
}

impl UploadSource {
    /// A file, read as it is sent (never whole into memory). Its name is the
    /// upload's default filename.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self {
            kind: Kind::File(path.into()),
        }
    }

    /// Bytes in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Self {
            kind: Kind::Bytes(bytes.into()),
        }
    }

    /// A stream of `length` bytes in all (the storage needs the length
    /// before the first byte). A stream that ends early or gives more ends
    /// the upload with [`UploadError::Source`](super::UploadError::Source).
    pub fn stream<S, B>(length: u64, stream: S) -> Self
    where
        S: Stream<Item = std::io::Result<B>> + Send + 'static,
        B: Into<Bytes>,
    {
        use futures_util::StreamExt;
        Self {
            kind: Kind::Stream {
                length,
                chunks: Box::pin(stream.map(|chunk| chunk.map(Into::into))),
            },
        }
    }

    /// The file's name, for a file source.
    pub(crate) fn file_name(&self) -> Option<String> {
        match &self.kind {
            Kind::File(path) => path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned()),
            _ => None,
        }
    }

    /// The length and the chunks (a file is opened and measured here).
    pub(crate) async fn open(self) -> std::io::Result<(u64, Chunks)> {
        match self.kind {
            Kind::File(path) => open_file(&path).await,
            Kind::Bytes(bytes) => {
                let length = bytes.len() as u64;
                let chunks = (0..bytes.len())
                    .step_by(CHUNK)
                    .map(move |start| Ok(bytes.slice(start..(start + CHUNK).min(bytes.len()))))
                    .collect::<Vec<_>>();
                Ok((length, Box::pin(futures_util::stream::iter(chunks))))
            }
            Kind::Stream { length, chunks } => Ok((length, chunks)),
        }
    }
}

async fn open_file(path: &Path) -> std::io::Result<(u64, Chunks)> {
    use tokio::io::AsyncReadExt;
    let with_path =
        |e: std::io::Error| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()));
    let file = tokio::fs::File::open(path).await.map_err(with_path)?;
    let meta = file.metadata().await.map_err(with_path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", path.display()),
        ));
    }
    let chunks = futures_util::stream::try_unfold(file, |mut file| async move {
        let mut buf = vec![0; CHUNK];
        let n = file.read(&mut buf).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.truncate(n);
        Ok(Some((Bytes::from(buf), file)))
    });
    Ok((meta.len(), Box::pin(chunks)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::TryStreamExt;

    #[tokio::test]
    async fn bytes_are_sent_in_chunks_that_add_up() {
        let data = vec![7u8; CHUNK * 2 + 5];
        let (length, chunks) = UploadSource::bytes(data.clone()).open().await.unwrap();
        let chunks: Vec<Bytes> = chunks.try_collect().await.unwrap();
        assert_eq!(length, data.len() as u64);
        assert_eq!(
            chunks.iter().map(Bytes::len).collect::<Vec<_>>(),
            [CHUNK, CHUNK, 5]
        );
        assert_eq!(chunks.concat(), data);
    }

    #[tokio::test]
    async fn a_file_is_measured_and_read_whole() {
        let path = std::env::temp_dir().join(format!("aitoearn-source-{}.bin", std::process::id()));
        let data: Vec<u8> = (0..CHUNK + 100).map(|i| i as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let source = UploadSource::file(&path);
        assert_eq!(
            source.file_name().as_deref(),
            path.file_name().and_then(|n| n.to_str())
        );
        let (length, chunks) = source.open().await.unwrap();
        let read: Vec<Bytes> = chunks.try_collect().await.unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(length, data.len() as u64);
        assert_eq!(read.concat(), data);
    }

    #[tokio::test]
    async fn a_missing_file_names_its_path() {
        let err = UploadSource::file("/nonexistent/clip.mp4")
            .open()
            .await
            .err()
            .unwrap();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
        assert!(err.to_string().contains("/nonexistent/clip.mp4"), "{err}");
    }
}
