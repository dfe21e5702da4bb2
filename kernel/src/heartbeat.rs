//! The heartbeat channel: a REP socket that echoes every message, on its own task so it answers while a
//! cell runs.

use zeromq::{RepSocket, SocketRecv, SocketSend};

/// Echoes forever; errors from disconnecting clients are logged, never fatal.
pub async fn run(mut socket: RepSocket) {
    loop {
        match socket.recv().await {
            Ok(message) => {
                if let Err(error) = socket.send(message).await {
                    tracing::debug!("heartbeat: {error}");
                }
            }
            Err(error) => {
                tracing::debug!("heartbeat: {error}");
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        }
    }
}
