package cli

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"time"

	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/safehttp"
	"github.com/egregoros/egregoros/internal/store"
)

// mediaService builds the upload storage (S3 when a bucket is configured, else the data
// directory) and the media service; close releases the storage.
func mediaService(cfg *config.Config, st *store.Store, viewer func(*http.Request) string) (*media.Service, func(), error) {
	base := cfg.UploadsBaseURL
	if base == "" {
		base = cfg.BaseURL()
	}
	var storage media.Storage
	closeFn := func() {}
	if cfg.S3.Bucket != "" {
		s3, err := media.NewS3(media.S3Options{Endpoint: cfg.S3.Endpoint, Secure: cfg.S3.UseSSL, Region: cfg.S3.Region,
			Bucket: cfg.S3.Bucket, AccessKey: cfg.S3.AccessKeyID, SecretKey: cfg.S3.SecretAccessKey,
			PathStyle: cfg.S3.PathStyle, BaseURL: base})
		if err != nil {
			return nil, nil, err
		}
		storage = s3
	} else {
		disk, err := media.NewDisk(filepath.Join(cfg.DataDir, "uploads"), base)
		if err != nil {
			return nil, nil, err
		}
		storage, closeFn = disk, func() { disk.Close() }
	}
	ms := &media.Service{Store: st, Storage: storage, SessionViewer: viewer}
	if cfg.UploadsBaseURL != "" {
		u, _ := url.Parse(cfg.UploadsBaseURL)
		ms.UploadsHost = u.Host
	}
	return ms, closeFn, nil
}

// useMediaCache turns the remote media cache on when EGREGOROS_MEDIA_CACHE is set: remote
// attachments are fetched through client (the SSRF-safe one) and kept MediaCacheDays days.
func useMediaCache(ms *media.Service, cfg *config.Config, client *safehttp.Client) {
	if !cfg.MediaCache {
		return
	}
	days := cfg.MediaCacheDays
	if days <= 0 {
		days = 7
	}
	ms.Remote, ms.CacheFor = client, time.Duration(days)*24*time.Hour
}

// pruneMediaCache is the hourly maintenance task removing cached copies past their retention.
func pruneMediaCache(ms **media.Service) func(context.Context) error {
	return func(ctx context.Context) error {
		if *ms == nil {
			return nil
		}
		_, err := (*ms).PruneCache(ctx)
		return err
	}
}
