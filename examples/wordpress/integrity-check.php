<?php
/**
 * Plugin Name: integrity check
 * Description: Sends each saved post (and its images) to an integrity service and stores the report.
 * Version: 0.1.0
 *
 * Configure in wp-config.php:
 *   define('INTEGRITY_URL', 'http://127.0.0.1:8080');   // `integrity serve`
 *   define('INTEGRITY_API_KEY', '...');                  // one of the service's INTEGRITY_API_KEYS
 *   define('INTEGRITY_FAIL_UNDER', 60);                  // optional: posts below this go back to draft
 *
 * One call: POST /v1/check as multipart/form-data with the rendered post as `article`
 * and each attached image as an `images` file. The service matches every image to the
 * post's <img src> by file name and never reads its own disk; the answer is the same
 * Report JSON the integrity command line writes.
 */

if (!defined('ABSPATH')) {
    exit;
}

const INTEGRITY_META_REPORT = '_integrity_report';
const INTEGRITY_META_SCORE = '_integrity_score';

add_action('save_post', 'integrity_check_post', 20, 3);

function integrity_check_post(int $post_id, WP_Post $post, bool $update): void
{
    if (wp_is_post_revision($post_id) || wp_is_post_autosave($post_id) || $post->post_type !== 'post') {
        return;
    }
    if (!defined('INTEGRITY_URL') || !defined('INTEGRITY_API_KEY')) {
        return;
    }

    $html = '<article><h1>' . esc_html(get_the_title($post)) . '</h1>'
        . '<p class="byline">By ' . esc_html(get_the_author_meta('display_name', $post->post_author)) . '</p>'
        . apply_filters('the_content', $post->post_content) . '</article>';

    $fields = [
        'article' => new CURLStringFile($html, 'post-' . $post_id . '.html', 'text/html'),
        'base_url' => get_permalink($post),
        'source' => 'post:' . $post_id,
    ];
    $i = 0;
    foreach (get_attached_media('image', $post_id) as $attachment) {
        $path = get_attached_file($attachment->ID);
        if ($path && is_readable($path)) {
            // PHP's cURL needs distinct keys: the service reads `images[0]`, `images[1]` … as `images`
            $mime = get_post_mime_type($attachment);
            $fields['images[' . $i++ . ']'] = new CURLFile($path, $mime, basename($path));
            // the post's <img src> usually names a resized copy (photo-1024x683.jpg): send the original's
            // bytes under each size's name too, so its provenance (C2PA, IPTC) is what gets checked
            $meta = wp_get_attachment_metadata($attachment->ID);
            foreach (($meta['sizes'] ?? []) as $size) {
                $fields['images[' . $i++ . ']'] = new CURLFile($path, $mime, $size['file']);
            }
        }
    }

    $curl = curl_init(rtrim(INTEGRITY_URL, '/') . '/v1/check');
    curl_setopt_array($curl, [
        CURLOPT_POST => true,
        CURLOPT_POSTFIELDS => $fields,
        CURLOPT_HTTPHEADER => ['Authorization: Bearer ' . INTEGRITY_API_KEY, 'Accept: application/json'],
        CURLOPT_RETURNTRANSFER => true,
        CURLOPT_CONNECTTIMEOUT => 5,
        CURLOPT_TIMEOUT => 40,
    ]);
    $body = curl_exec($curl);
    $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
    curl_close($curl);

    if ($body === false || $status !== 200) {
        error_log("integrity: post $post_id not checked (HTTP $status)");
        return;
    }
    $report = json_decode($body, true);
    if (!is_array($report)) {
        return;
    }
    update_post_meta($post_id, INTEGRITY_META_REPORT, wp_slash($body));
    update_post_meta($post_id, INTEGRITY_META_SCORE, $report['score']);

    $fail_under = defined('INTEGRITY_FAIL_UNDER') ? (int) INTEGRITY_FAIL_UNDER : null;
    if ($fail_under !== null && $post->post_status === 'publish' && $report['score'] !== null
        && $report['score'] < $fail_under) {
        remove_action('save_post', 'integrity_check_post', 20);  // no loop: wp_update_post saves again
        wp_update_post(['ID' => $post_id, 'post_status' => 'draft']);
        add_action('save_post', 'integrity_check_post', 20, 3);
    }
}

/** Show the score in the post list. */
add_filter('manage_posts_columns', function (array $columns): array {
    $columns['integrity'] = 'Integrity';
    return $columns;
});
add_action('manage_posts_custom_column', function (string $column, int $post_id): void {
    if ($column === 'integrity') {
        $score = get_post_meta($post_id, INTEGRITY_META_SCORE, true);
        echo $score === '' ? '—' : esc_html((string) $score);
    }
}, 10, 2);
